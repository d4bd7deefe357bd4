//! Scratch storage for work that must not grow with the data in memory:
//! the duplicate finder's forms and sorted runs go to anonymous temporary
//! files (removed by the OS when closed, whatever happens to the process),
//! where the page cache keeps them while there is room.

use std::io;

use crate::domain::import::dedupe::{Finder, Scratch};
use crate::domain::{AppError, AppResult};

/// Temporary files in the system's temporary directory (`TMPDIR`).
#[derive(Debug, Default, Clone, Copy)]
pub struct TempFiles;

impl Scratch for TempFiles {
    type File = std::fs::File;

    fn file(&mut self) -> io::Result<Self::File> {
        tempfile::tempfile()
    }
}

/// A duplicate finder on temporary files.
pub fn finder() -> AppResult<Finder<TempFiles>> {
    Finder::with_scratch(TempFiles).map_err(scratch_failed)
}

/// A scratch file could not be written or read (a full disk, say).
pub fn scratch_failed(e: io::Error) -> AppError {
    AppError::Internal(format!("temporary file for finding duplicates: {e}"))
}
