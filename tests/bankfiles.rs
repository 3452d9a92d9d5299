//! The bank-file readers (src/bankfiles) as the matching layer will use them: the committed
//! fixtures read field by field, every error class naming its line, and fuzzing of both readers
//! with arbitrary bytes, mutated valid files and generated valid files.

#[path = "bankfiles/errors.rs"]
mod errors;
#[path = "bankfiles/fixtures.rs"]
mod fixtures;
#[path = "bankfiles/fuzz.rs"]
mod fuzz;
#[path = "bankfiles/writer.rs"]
mod writer;
