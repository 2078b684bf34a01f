//! Complaints from residents: validated input types, references and access
//! codes, and what of an address may be shown in public.
//!
//! Every field a resident types becomes a domain value through one `parse`
//! that rejects bad input with a reason the UI translates; code past that
//! point cannot hold an invalid value (the same types validate in the
//! browser and on the server).

pub mod address;
pub mod filing;
pub mod input;
pub mod one_at_a_time;
pub mod reference;
pub mod towns;
