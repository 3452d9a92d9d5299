//! Use cases only the counter screen needs (listening for provider callbacks, acting as the
//! customer in the sandbox, …), on [`Workshop`].

#[allow(unused_imports)]
use super::Workshop;
