pub mod air;
pub mod layout;
pub mod text_size;
