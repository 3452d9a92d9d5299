//! The user's language lives with the text catalogue ([`crate::text`]); the domain names it.

pub use crate::text::Lang;
