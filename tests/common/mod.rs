//! Harnesses shared by the integration tests. Each test file uses what it needs.
#![allow(dead_code)]

pub mod bankfile;
pub mod books;
pub mod cli;
pub mod sandbox;
pub mod world;
