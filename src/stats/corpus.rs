//! The voices over the corpus, gathered document by document and kept on disk until
//! their statistics are computed, so that a run's memory does not grow with its
//! corpus.
//!
//! A voice over the corpus is every document's part of it, in document order: the
//! author's narration of a thousand books is a thousand parts. Each part is written
//! to one spill file as it comes (its form ids mapped to the corpus's vocabulary)
//! and the voice remembers where; the measures then read the parts back one at a
//! time ([`Sentences`]). The file is removed as soon as it is created (on Unix), so
//! a run that is killed leaves nothing behind, and it is read with positioned reads,
//! so the voices can be measured in parallel. Reading it goes through the page
//! cache, which the system can give back, not through the process's memory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::sample::{Sentences, VoiceText};
use crate::hashing::FastMap;
use crate::segment::Vocabulary;

/// The voices of every document of the corpus, one [`CorpusVoice`] per voice over
/// all documents, their words in one corpus vocabulary.
pub struct CorpusTexts {
    pub vocabulary: Vocabulary,
    /// In order of first appearance.
    pub voices: Vec<CorpusVoice>,
    index: FastMap<String, usize>,
    spill: SpillFile,
}

/// A voice over the corpus: its size, and where its parts are in the spill file.
pub struct CorpusVoice {
    pub voice: String,
    pub words: usize,
    /// (offset, length) in bytes of each document's part, in document order.
    parts: Vec<(u64, usize)>,
    /// The sentences of each part.
    part_sentences: Vec<u32>,
}

impl CorpusTexts {
    /// Keeps its parts in a file created in `directory`.
    pub fn create(directory: &Path) -> io::Result<Self> {
        Ok(CorpusTexts {
            vocabulary: Vocabulary::default(),
            voices: Vec::new(),
            index: FastMap::default(),
            spill: SpillFile::create(directory)?,
        })
    }

    /// Adds the voices of a document whose form ids are positions in `forms`.
    pub fn add(&mut self, forms: &[String], texts: &[VoiceText]) -> io::Result<()> {
        let forms: Vec<u32> = forms
            .iter()
            .map(|form| self.vocabulary.intern(form))
            .collect();
        for text in texts {
            let voices = &mut self.voices;
            let index = *self.index.entry(text.voice.clone()).or_insert_with(|| {
                voices.push(CorpusVoice {
                    voice: text.voice.clone(),
                    words: 0,
                    parts: Vec::new(),
                    part_sentences: Vec::new(),
                });
                voices.len() - 1
            });
            let (offset, length) = self.spill.append(|out| text.encode(&forms, out))?;
            let voice = &mut voices[index];
            voice.words += text.words.len();
            voice.parts.push((offset, length));
            let sentences = crate::offsets::narrow(text.sentences.len());
            voice.part_sentences.push(sentences);
        }
        Ok(())
    }

    /// `voice`'s sentences, read from the spill file.
    pub fn sentences<'a>(&'a self, voice: &'a CorpusVoice) -> SpilledVoice<'a> {
        SpilledVoice {
            voice,
            file: &self.spill.file,
        }
    }
}

/// A voice over the corpus as the measures read it.
pub struct SpilledVoice<'a> {
    voice: &'a CorpusVoice,
    file: &'a File,
}

impl Sentences for SpilledVoice<'_> {
    type Error = io::Error;

    fn name(&self) -> &str {
        &self.voice.voice
    }

    fn words(&self) -> usize {
        self.voice.words
    }

    fn sentences(&self) -> usize {
        let parts = self.voice.part_sentences.iter();
        parts.map(|&sentences| sentences as usize).sum()
    }

    fn for_each_part(&self, reversed: bool, visit: &mut dyn FnMut(&VoiceText)) -> io::Result<()> {
        let mut bytes = Vec::new();
        let mut part = VoiceText::default();
        let mut read = |&(offset, length): &(u64, usize)| -> io::Result<()> {
            // Grown, never shrunk: zeroing the buffer for each part was a fortieth
            // of the statistics over the corpus.
            if bytes.len() < length {
                bytes.resize(length, 0);
            }
            let bytes = &mut bytes[..length];
            read_at(self.file, bytes, offset)?;
            part.decode(bytes).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the statistics' spill file does not read back as it was written",
                )
            })?;
            visit(&part);
            Ok(())
        };
        match reversed {
            false => self.voice.parts.iter().try_for_each(&mut read),
            true => self.voice.parts.iter().rev().try_for_each(&mut read),
        }
    }
}

/// An anonymous file that parts are appended to and read back from.
struct SpillFile {
    file: File,
    path: PathBuf,
    length: u64,
}

/// Tells apart the spill files of one process.
static SPILLS: AtomicUsize = AtomicUsize::new(0);

impl SpillFile {
    fn create(directory: &Path) -> io::Result<Self> {
        let name = format!(
            ".voices-spill-{}-{}",
            std::process::id(),
            SPILLS.fetch_add(1, Ordering::Relaxed)
        );
        let path = directory.join(name);
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|error| spill_error(&path, error))?;
        // Unix keeps an open file that has no name: nothing is left if the run is
        // killed. Elsewhere the file goes when the run ends (`Drop`).
        #[cfg(unix)]
        let _ = std::fs::remove_file(&path);
        Ok(SpillFile {
            file,
            path,
            length: 0,
        })
    }

    /// Appends what `write` writes, through a buffer; returns where it starts and
    /// how many bytes it is.
    fn append(
        &mut self,
        write: impl FnOnce(&mut Counted<BufWriter<&File>>) -> io::Result<()>,
    ) -> io::Result<(u64, usize)> {
        let mut out = Counted {
            inner: BufWriter::new(&self.file),
            bytes: 0,
        };
        write(&mut out)
            .and_then(|()| out.inner.flush())
            .map_err(|error| spill_error(&self.path, error))?;
        let offset = self.length;
        self.length += out.bytes as u64;
        Ok((offset, out.bytes))
    }
}

/// A writer that counts the bytes written through it.
struct Counted<W> {
    inner: W,
    bytes: usize,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.bytes += written;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for SpillFile {
    fn drop(&mut self) {
        #[cfg(not(unix))]
        let _ = std::fs::remove_file(&self.path);
    }
}

fn spill_error(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("the statistics' spill file {}: {error}", path.display()),
    )
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(not(unix))]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    // Windows: seek_read may return less than asked, so loop.
    let mut done = 0;
    while done < bytes.len() {
        let read = std::os::windows::fs::FileExt::seek_read(
            file,
            &mut bytes[done..],
            offset + done as u64,
        )?;
        if read == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        done += read;
    }
    Ok(())
}
