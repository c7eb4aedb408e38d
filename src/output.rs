//! Output is written whole or not at all.
//!
//! - A file goes to a temporary file in the same directory, then is renamed over the
//!   target, so a crash never leaves half a file.
//! - A report's directory ([`StagedDirectory`]) is written into a staging directory
//!   beside it and put in place at the end in one step (the two directories are
//!   exchanged), so that a reader of `-o DIR` sees the old report or the new one,
//!   never files of both.
//! - On Ctrl-C or SIGTERM ([`remove_staging_on_signals`]) the staging directories are
//!   removed and the run exits 130 or 143; one left by `kill -9` or a power cut is
//!   removed by the next run into the same directory.

use std::ffi::CString;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

/// A temporary file in the directory of `path`, with its extension (an encoder that
/// picks the format by it, as plotters' PNG encoder does, needs it), readable by
/// others as an ordinary output file would be (tempfile creates them owner-only).
pub fn temporary_beside(path: &Path) -> std::io::Result<NamedTempFile> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let suffix = path
        .extension()
        .map(|extension| format!(".{}", extension.to_string_lossy()))
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(&suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    while_running(|_| builder.tempfile_in(directory))
}

/// Writes `contents` to `path` whole or not at all.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut temporary = temporary_beside(path)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// What this process writes that a signal must not leave behind. Whatever creates a
/// directory or a temporary file during a run does it holding this lock
/// ([`while_running`]), and the signal handler takes it for good before removing
/// them: no thread can bring back a directory the handler has just removed.
static RUN_FILES: Mutex<RunFiles> = Mutex::new(RunFiles {
    staging: Vec::new(),
    temporaries_in: Vec::new(),
    ending: false,
});

struct RunFiles {
    /// Staging directories, removed whole.
    staging: Vec<PathBuf>,
    /// Directories where the run makes temporary files among files of other runs
    /// (a shard's directories in a dataset): its temporaries are removed.
    temporaries_in: Vec<PathBuf>,
    /// A signal is ending the run: nothing more is created.
    ending: bool,
}

fn run_files() -> std::sync::MutexGuard<'static, RunFiles> {
    RUN_FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `create` (which makes a directory or a file) unless a signal is ending the
/// run, with the [`RUN_FILES`] lock held.
fn while_running<T>(
    create: impl FnOnce(&mut RunFiles) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let mut files = run_files();
    if files.ending {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "the run is ending on a signal",
        ));
    }
    create(&mut files)
}

/// Returns at once, unless a signal is ending the run: then it waits for the
/// handler to end the process. A run whose files the handler removes fails on
/// them; its error must not be reported, nor its exit status replace the signal's.
pub fn unless_ending_on_a_signal() {
    drop(run_files());
}

/// `std::fs::create_dir_all`, unless a signal is ending the run (it would bring back
/// the staging directory the handler removes).
pub fn create_dir_all(path: &Path) -> std::io::Result<()> {
    while_running(|_| std::fs::create_dir_all(path))
}

/// What the name of every temporary file of [`temporary_beside`] starts with.
const TEMPORARY_PREFIX: &str = ".voices-";

/// What makes the name of a staging directory, between the target's name and the
/// process id: `.report.voices-staging-1234` for `report`.
const STAGING_MARK: &str = ".voices-staging-";

/// Why a report directory could not be prepared or put in place.
#[derive(Debug, thiserror::Error)]
pub enum StagingError {
    #[error(
        "{}: exists and is not a voices report (no report.md in it); voices replaces the \
         whole directory, so give a new or empty one",
        .0.display()
    )]
    NotAReport(PathBuf),
    #[error("{}: is a file, not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("{}: {error}", .path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StagingError + '_ {
    move |error| StagingError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// A directory written whole or not at all (see the module's header). Dropped before
/// [`StagedDirectory::commit`], it removes what was staged and leaves the target as
/// it was.
#[derive(Debug)]
pub struct StagedDirectory {
    target: PathBuf,
    staging: PathBuf,
    /// The outermost ancestor of the target that this run created, if any.
    created: Option<PathBuf>,
    committed: bool,
}

impl StagedDirectory {
    /// Prepares to replace `target`, which must be missing, empty, or a report (it has
    /// a `report.md`): a directory of anything else is refused rather than lost.
    pub fn create(target: &Path) -> Result<Self, StagingError> {
        let (parent, name) = parent_and_name(target)?;
        match std::fs::symlink_metadata(target) {
            Ok(metadata) if !metadata.is_dir() && !metadata.file_type().is_symlink() => {
                return Err(StagingError::NotADirectory(target.to_path_buf()));
            }
            Ok(_) => {
                let mut entries = std::fs::read_dir(target).map_err(io_error(target))?;
                if entries.next().is_some() && !target.join("report.md").is_file() {
                    return Err(StagingError::NotAReport(target.to_path_buf()));
                }
            }
            Err(_) => {}
        }
        let created = first_missing_ancestor(&parent);
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        remove_stale_staging(&parent, &name);
        let staging = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        // A directory of this name is a leftover of a process with the same id.
        let _ = std::fs::remove_dir_all(&staging);
        while_running(|files| {
            std::fs::create_dir(&staging)?;
            files.staging.push(staging.clone());
            Ok(())
        })
        .map_err(io_error(&staging))?;
        Ok(StagedDirectory {
            target: target.to_path_buf(),
            staging,
            created,
            committed: false,
        })
    }

    /// Where to write: the staging directory.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Where the directory goes.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the staged directory in place of the target, in one step when the target
    /// exists (the two are exchanged, then the old one removed).
    pub fn commit(mut self) -> Result<(), StagingError> {
        let exists = std::fs::symlink_metadata(&self.target).is_ok();
        if !exists {
            std::fs::rename(&self.staging, &self.target).map_err(io_error(&self.target))?;
        } else if let Err(error) = exchange(&self.staging, &self.target) {
            // A file system without the exchange: put the old one aside, the new in
            // place, then remove the old (a reader may find no directory between the
            // two renames, but never a mix).
            if !matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
                return Err(io_error(&self.target)(error));
            }
            let mut aside = self.staging.clone().into_os_string();
            aside.push(".old");
            let aside = PathBuf::from(aside);
            std::fs::rename(&self.target, &aside).map_err(io_error(&self.target))?;
            std::fs::rename(&self.staging, &self.target).map_err(io_error(&self.target))?;
            std::fs::rename(&aside, &self.staging).map_err(io_error(&aside))?;
        }
        self.committed = true;
        // The staging path now holds the old report, if there was one.
        let _ = std::fs::remove_dir_all(&self.staging);
        run_files().staging.retain(|path| path != &self.staging);
        Ok(())
    }
}

impl Drop for StagedDirectory {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        run_files().staging.retain(|path| path != &self.staging);
        if let Some(created) = &self.created {
            // Only empty directories go: remove_dir refuses the others.
            let mut directory = self.target.parent();
            while let Some(path) = directory {
                if std::fs::remove_dir(path).is_err() || path == created {
                    break;
                }
                directory = path.parent();
            }
        }
    }
}

/// The directory a target is in (made absolute when the target is `.` or ends in
/// `..`) and its name.
fn parent_and_name(target: &Path) -> Result<(PathBuf, String), StagingError> {
    let target = match target.file_name() {
        Some(_) => target.to_path_buf(),
        None => std::fs::canonicalize(target).map_err(io_error(target))?,
    };
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| StagingError::NotAReport(target.clone()))?;
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// The outermost missing directory on the way to `path`, if any.
fn first_missing_ancestor(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.exists())
        .last()
        .map(Path::to_path_buf)
}

/// Removes the staging directories for `name` in `parent` whose process is gone (a
/// run killed with `kill -9`, or a machine that lost power).
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|pid| Path::new("/proc").join(pid.to_string()).exists());
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Exchanges two paths in one step (Linux's `renameat2` with `RENAME_EXCHANGE`).
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let c_path = |path: &Path| {
        CString::new(path.as_os_str().as_bytes())
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))
    };
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both are NUL-terminated paths that live across the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Removes the temporary files in `directory` (left there by a run that was
/// killed), and removes the ones this process makes there if a signal ends it. For
/// directories that more than one run writes into, such as a dataset's, where each
/// run (a shard) has directories of its own.
pub fn own_temporaries_in(directory: &Path) {
    remove_temporaries(directory);
    run_files().temporaries_in.push(directory.to_path_buf());
}

fn remove_temporaries(directory: &Path) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(TEMPORARY_PREFIX)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Starts a thread that, on SIGINT (Ctrl-C) or SIGTERM, removes this process's
/// staging directories and temporary files and exits with 128 plus the signal's
/// number (130, 143), the shell's convention.
pub fn remove_staging_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".to_string())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends: nothing is created meanwhile.
                let mut files = run_files();
                files.ending = true;
                for path in &files.staging {
                    let _ = std::fs::remove_dir_all(path);
                }
                for directory in &files.temporaries_in {
                    remove_temporaries(directory);
                }
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// `text` cut to `width` characters, an ellipsis marking the cut.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut short: String = text.chars().take(width.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_file_is_whole_and_no_temporary_is_left() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("report.md");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}
