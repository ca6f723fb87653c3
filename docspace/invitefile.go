package docspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadInviteesFile reads the CSV file of people to invite at path (--invite-file).
// It looks before it opens: what is not a regular file (a device such as /dev/zero, a
// named pipe, a directory, a socket) is refused without being opened, so nothing can
// hang on it or stream into memory; a file larger than MaxInviteesFileSize is refused
// by its size; and at most MaxInviteesFileSize+1 bytes are ever read, whatever the file
// claims. Every error is a sentence that names the path and says what to do.
func ReadInviteesFile(path string) (InviteeList, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return InviteeList{}, cannotRead(path, err)
	}
	if what := notAFile(fi.Mode()); what != "" {
		return InviteeList{}, fmt.Errorf("%s is %s, not a file: give a CSV file", path, what)
	}
	if fi.Size() > MaxInviteesFileSize {
		return InviteeList{}, fmt.Errorf("%s is %s; the largest file read is %s: split it into smaller files and import them one at a time",
			path, sizeMB(fi.Size()), sizeMB(MaxInviteesFileSize))
	}
	f, err := os.Open(path)
	if err != nil {
		return InviteeList{}, cannotRead(path, err)
	}
	defer func() { _ = f.Close() }() // read-only: nothing to lose on close
	// Never more than the limit and one byte, whatever the file claims: a file that
	// grew since the Stat is refused by ReadInviteesCSV without flooding memory.
	list, err := ReadInviteesCSV(io.LimitReader(f, MaxInviteesFileSize+1))
	if errors.Is(err, ErrNotText) {
		return InviteeList{}, fmt.Errorf("%s is not a text file (it looks binary): export the list as CSV or plain text", path)
	}
	if err != nil {
		return InviteeList{}, fmt.Errorf("%s: %w", path, err)
	}
	return list, nil
}

// cannotRead is the sentence for a file that could not be looked at or opened: the
// system's reason without the operation and path it repeats ("no such file or directory").
func cannotRead(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot read %s: %w", path, err)
}

// notAFile names what a file mode is when it is not a regular file; "" when it is one.
func notAFile(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "a special file" // irregular files (Windows reparse points and the like)
}

// sizeMB says how large n bytes are in megabytes: whole when exact or at least 100,
// otherwise to a tenth, rounded up (so a file one byte over 10 MB is "10.1 MB").
func sizeMB(n int64) string {
	tenths := (n*10 + 1<<20 - 1) >> 20
	if tenths%10 == 0 || tenths >= 1000 {
		return fmt.Sprintf("%d MB", (tenths+9)/10)
	}
	return fmt.Sprintf("%d.%d MB", tenths/10, tenths%10)
}
