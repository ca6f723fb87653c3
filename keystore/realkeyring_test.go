package keystore

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/internal/redact"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// ITEnv gates the tests that need a real, unlocked Secret Service (.ci/keyring-it.sh sets it).
const ITEnv = "DOCSPACE_WIZARD_KEYRING_IT"

// TestRealKeyring stores a key in the real keyring, finds it with secret-tool, reads it
// back, deletes it, and checks the settings written next to it never contain it.
func TestRealKeyring(t *testing.T) {
	if os.Getenv(ITEnv) != "1" {
		t.Skipf("needs a real, unlocked Secret Service: run .ci/keyring-it.sh (it sets %s=1)", ITEnv)
	}
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatalf("secret-tool is missing (apt-get install libsecret-tools): %v", err)
	}
	portal := "https://it-" + randomHex(t, 4) + ".onlyoffice.com"
	key := "sk-" + randomHex(t, 24)
	configDir := filepath.Join(t.TempDir(), "docspace-wizard")

	// A generous timeout: the first call may start the keyring daemon through D-Bus activation.
	ks := Open(WithTimeout(30 * time.Second))
	t.Cleanup(func() { _ = ks.Delete(portal) })

	if _, err := ks.Get(portal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set: %v, want ErrNotFound", err)
	}
	if err := ks.Set(portal, key); err != nil {
		t.Fatalf("Set: %v", err)
	}
	s := settings.Settings{}
	s.UsePortal(portal)
	if err := s.Save(configDir); err != nil {
		t.Fatalf("saving settings: %v", err)
	}

	// Another Secret Service client finds the item under our service and account.
	out := secretTool(t, "search", "--all", "service", Service)
	if !strings.Contains(out, "attribute.username = "+portal) || !strings.Contains(out, "attribute.service = "+Service) {
		t.Fatalf("secret-tool search service %s does not list %s:\n%s", Service, portal, redact.Secrets(out, key))
	}
	if got := secretTool(t, "lookup", "service", Service, "username", portal); got != key {
		t.Fatalf("secret-tool lookup returned a different secret (%d bytes, want %d)", len(got), len(key))
	}
	t.Logf("secret-tool search service %s found the item for %s", Service, portal)

	if got, err := ks.Get(portal); err != nil || got != key {
		t.Fatalf("Get = (%d bytes), %v; want the stored key", len(got), err)
	}
	rs, src, err := Resolve(ks, portal, func(string) string { return "" })
	if err != nil || src != SourceKeyring || rs != key {
		t.Fatalf("Resolve = source %v, %v; want the key from the keyring", src, err)
	}

	assertNoFileContains(t, configDir, key)

	if err := ks.Delete(portal); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := ks.Get(portal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := ks.Delete(portal); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v, want ErrNotFound", err)
	}
	if out := secretTool(t, "search", "--all", "service", Service); strings.Contains(out, portal) {
		t.Fatalf("secret-tool still finds %s after Delete", portal)
	}
	t.Logf("stored, found, read back and deleted the key for %s; no file under the config dir holds it", portal)
}

// secretTool runs secret-tool and returns its output (stdout and stderr).
func secretTool(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command("secret-tool", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		// secret-tool exits 1 when nothing matches; that is an answer, not a failure.
		if !errors.As(err, &ee) {
			t.Fatalf("secret-tool %s: %v", strings.Join(args, " "), err)
		}
	}
	return strings.TrimRight(out.String(), "\n")
}

func assertNoFileContains(t *testing.T, dir, secret string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s contains the API key", path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", dir, err)
	}
	if files == 0 {
		t.Fatalf("no file under %s: the check proves nothing", dir)
	}
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
