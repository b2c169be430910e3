#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

// Reading module files that may be hostile: a folder, a .zip an author made,
// or the tar bundle the console sends. Nothing is ever written outside the
// destination folder, links are never followed or created, and every limit is
// checked while reading, not from what headers claim.
namespace classroom::module {

struct UnpackLimits {
    std::uint64_t maxTotalBytes = 1ULL << 30;  // 1 GiB unpacked, the default module size limit
    std::size_t maxFiles = 2000;               // files in one module
    double maxExpansion = 100.0;               // unpacked bytes per packed byte (zip bombs); ignored below 1 MiB
};

struct UnpackedFiles {
    std::vector<std::string> files;  // relative paths with '/', sorted, regular files only
    std::uint64_t totalBytes = 0;
};

// Copies a module folder, or unpacks a .zip or .tar of it, into `destination`,
// which must not exist yet (it is created). A .zip whose entries all sit in one
// top-level folder is unpacked without that folder. Operating-system clutter
// (__MACOSX/, .DS_Store, Thumbs.db, desktop.ini) is skipped.
// Refused, with the entry's name and the reason in the message: absolute paths,
// "..", symbolic or hard links, devices, names that are not UTF-8, more files
// or bytes than the limits, an expansion ratio above the limit, and an entry
// whose data is longer or shorter than its header says. On failure
// `destination` is removed again.
//
// In detail:
// - `source` is a folder (itself followed if it is a link; any link inside it
//   is refused), or a file recognised by its content as a .zip or a .tar
//   (ustar, pax, GNU), plain or gzip-compressed. Other formats and other
//   compressions are refused ("x.7z is not a .zip or .tar archive"), and so
//   is an encrypted .zip entry.
// - Missing parents of `destination` are created; only `destination` itself
//   is removed on failure. Folders get mode 0755 and files 0644, whatever the
//   archive says.
// - Names: strict UTF-8 (no overlong forms, no surrogates), no control
//   characters, no backslash (libarchive already turns a .zip's Windows
//   backslashes into '/'), no empty name; "." and empty components are
//   dropped ("./pages//a.md" is "pages/a.md"); a component is at most 255
//   bytes and the path at most 1024 bytes. Two names that differ only in case
//   are refused (Windows authors could not unpack both), as are a name seen
//   twice and a path that is both a file and a folder.
// - Counting: `maxFiles` limits the files and, separately, the folders.
//   `maxTotalBytes` and `maxExpansion` count the bytes really read, before
//   each 256 KiB block is written; the ratio is over the whole archive so far
//   (unpacked bytes / archive bytes consumed). Clutter is not written and not
//   counted as a file, but in an archive its bytes count towards both byte
//   limits (skipping it still costs its decompression); in a folder it is
//   not read at all.
// - The top-level folder of a .zip is only stripped when every entry that is
//   not clutter sits under it; a .tar is never stripped (bundles are flat).
Result<UnpackedFiles> importModuleFiles(const std::filesystem::path& source, const std::filesystem::path& destination,
                                       const UnpackLimits& limits);

// Writes `files` (relative to `directory`) as an uncompressed tar in sorted
// order with fixed metadata (mtime 0, owner 0, mode 0644), so the same content
// always gives the same bytes and therefore the same content id.
// The format is pax restricted: plain ustar headers, plus a pax header only
// where a path does not fit ustar (up to 1024 bytes) or is not ASCII. The
// paths must pass the same name checks as importModuleFiles (so every bundle
// written can be imported again); their order in `files` does not matter.
// Files are streamed in 256 KiB blocks. The tar is written to `bundle`
// + ".part", synced and renamed, so `bundle` is never half written; the
// ".part" file is removed on failure.
Result<void> writeBundle(const std::filesystem::path& directory, const std::vector<std::string>& files,
                         const std::filesystem::path& bundle);

}  // namespace classroom::module
