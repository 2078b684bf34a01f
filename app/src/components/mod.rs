pub mod air;
pub mod form;
pub mod layout;
pub mod locate;
pub mod menu;
pub mod photo_scaler;
pub mod text_size;
