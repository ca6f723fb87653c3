//go:build unix

package docspace

import (
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readWithin runs ReadInviteesFile in a goroutine, so a hang fails the test instead of
// blocking it.
func readWithin(t *testing.T, path string, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := ReadInviteesFile(path)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("ReadInviteesFile(%s) still running after %s", path, limit)
		return nil
	}
}

func TestReadInviteesFileRefusesANamedPipeWithoutOpeningIt(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "people.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	// Nobody writes to it: opening it would block for ever.
	err := readWithin(t, fifo, 2*time.Second)
	if err == nil || !strings.Contains(err.Error(), fifo+" is a named pipe (FIFO), not a file: give a CSV file") {
		t.Errorf("error %v, want it to say the path is a named pipe", err)
	}
}

func TestReadInviteesFileRefusesADevice(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/dev/zero is checked on Linux only")
	}
	// A device's size is 0, and it never ends: it must not be read at all.
	err := readWithin(t, "/dev/zero", 2*time.Second)
	if err == nil || err.Error() != "/dev/zero is a device, not a file: give a CSV file" {
		t.Errorf("error %v, want the sentence saying /dev/zero is a device", err)
	}
}
