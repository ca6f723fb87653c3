// Package secretscan finds an API key in test output and files; only _test.go files import it.
package secretscan

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FreshKey is a random key no source file contains, so any hit is a real leak.
func FreshKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "sk-" + hex.EncodeToString(b)
}

// Leaks reports whether secret, or its body without "sk-", shows in text, in any case.
func Leaks(text []byte, secret string) bool {
	low := bytes.ToLower(text)
	return bytes.Contains(low, []byte(strings.ToLower(secret))) ||
		bytes.Contains(low, []byte(strings.ToLower(strings.TrimPrefix(secret, "sk-"))))
}

// ScanDir returns how many files are under dir and those that contain secret.
func ScanDir(dir, secret string) (files int, hits []string) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		files++
		if data, rerr := os.ReadFile(path); rerr == nil && Leaks(data, secret) {
			hits = append(hits, path)
		}
		return nil
	})
	return files, hits
}
