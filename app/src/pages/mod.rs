pub mod air;
pub mod error;
pub mod home;
pub mod not_found;
pub mod staff;
pub mod staff_air;
