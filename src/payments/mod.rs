//! Payment providers: a provider-neutral trait the app uses, the Resurs client, and the local
//! Resurs sandbox.

pub mod resurs;
