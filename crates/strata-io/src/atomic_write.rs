//! Writing a file whole or not at all: the bytes go to a new temporary file beside the target
//! (same directory, so the same file system), which is flushed to disk and then renamed over
//! the target. A reader sees the old file or the new one, never a part; on any error the
//! temporary file is removed and the target is left as it was.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::IoError;

/// Writes the file at `path` with `write`, atomically (see the module guide).
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), IoError> {
    let error = |source| IoError::Io {
        file: path.display().to_string(),
        source,
    };
    let tmp = temporary_path(path).ok_or_else(|| {
        error(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path names no file",
        ))
    })?;
    let written = File::create_new(&tmp).and_then(|file| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, path)
    });
    written.map_err(|e| {
        // The temporary file may not exist (creation failed); nothing else to clean up.
        let _ = std::fs::remove_file(&tmp);
        error(e)
    })
}

/// `.<name>.<process id>.<counter>.tmp` beside `path`: unique per process and call, hidden.
fn temporary_path(path: &Path) -> Option<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = OsString::from(".");
    name.push(path.file_name()?);
    name.push(format!(".{}.{n}.tmp", std::process::id()));
    Some(path.with_file_name(name))
}
