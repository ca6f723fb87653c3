package docspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeCSV writes a CSV file of exactly size bytes: a header, one person, then
// blank lines (which the reader skips).
func writeCSV(t *testing.T, size int) string {
	t.Helper()
	head := "email,access\nann@example.com,editor\n"
	path := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(path, []byte(head+strings.Repeat("\n", size-len(head))), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadInviteesFileRefusesWhatIsNotASmallFile(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "huge.csv")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	// 100 MB by its size, next to nothing on disk: refused by the size, not read.
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	tests := []struct {
		name string
		path string
		says []string
	}{
		{"a directory", dir, []string{dir + " is a directory, not a file", "give a CSV file"}},
		{"a sparse file of 100 MB", sparse, []string{sparse + " is 100 MB; the largest file read is 10 MB", "split it"}},
		{"one byte over the limit", writeCSV(t, MaxInviteesFileSize+1), []string{"is 10.1 MB; the largest file read is 10 MB", "split it"}},
		{"a missing file", filepath.Join(dir, "nope.csv"), []string{"cannot read " + filepath.Join(dir, "nope.csv") + ": ", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := ReadInviteesFile(tt.path)
			if err == nil {
				t.Fatalf("read %d entries, want an error", len(list.Entries))
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}

func TestReadInviteesFileReadsAFileOfExactlyTheLimit(t *testing.T) {
	list, err := ReadInviteesFile(writeCSV(t, MaxInviteesFileSize))
	if err != nil {
		t.Fatalf("a file of exactly %d bytes: %v", MaxInviteesFileSize, err)
	}
	if len(list.Invitees) != 1 || list.Invitees[0].Email != "ann@example.com" || list.Invitees[0].Access != AccessEditing {
		t.Errorf("read %+v, want ann@example.com as an editor", list.Invitees)
	}
}

func TestReadInviteesFileNamesTheFileInCSVErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.csv")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadInviteesFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": the invitee file is empty") {
		t.Errorf("error %v, want one that names %s and says it is empty", err, path)
	}
}

func TestSizeMB(t *testing.T) {
	for n, want := range map[int64]string{
		10 << 20: "10 MB", 10<<20 + 1: "10.1 MB", 100 << 20: "100 MB", 100<<20 + 1: "101 MB", 15 << 19: "7.5 MB",
	} {
		if got := sizeMB(n); got != want {
			t.Errorf("sizeMB(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestReadInviteesFileSaysABinaryFileIsNotText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "people.xlsx")
	if err := os.WriteFile(path, []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5\x1f\x8c"+strings.Repeat("\x00\x9c", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadInviteesFile(path)
	want := path + " is not a text file (it looks binary): export the list as CSV or plain text"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}
