//! Writing a file whole or not at all: the bytes go to a new temporary file beside the target
//! (same directory, so the same file system), which is flushed to disk and then renamed over
//! the target. A reader sees the old file or the new one, never a part; on any error the
//! temporary file is removed and the target is left as it was.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::IoError;

/// Writes the file at `path` with `write`, atomically: the bytes go to a temporary file beside
/// it, flushed and renamed over `path`; on any error the temporary file is removed and `path`
/// is left as it was (a reader sees the old file or the new one, never a part).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), IoError> {
    let error = |source| IoError::Io {
        file: path.display().to_string(),
        source,
    };
    let (tmp, file) = create_temporary(path).map_err(error)?;
    let mut out = BufWriter::new(file);
    let written = write(&mut out)
        .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|file| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        error(e)
    })
}

/// Creates a new file `.<name>.<process id>.<thread>.<nanoseconds>.tmp` beside `path`: the
/// process and thread make the name unique between writers, the clock between calls (on a
/// clash, an existing name, the next attempt takes a later time).
fn create_temporary(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    loop {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut tmp = OsString::from(".");
        tmp.push(name);
        tmp.push(format!(".{}.{thread}.{nanos}.tmp", std::process::id()));
        let tmp = path.with_file_name(tmp);
        match File::create_new(&tmp) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            created => return created.map(|file| (tmp, file)),
        }
    }
}
