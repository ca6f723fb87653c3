package main

import "testing"

// A release build's --version names its version, commit and the commit's day, as
// .goreleaser.yaml sets them with -ldflags.
func TestVersionStringFromReleaseLdflags(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	version, commit, date = "v1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-01-02T15:04:05Z"
	if got, want := versionString(), "v1.2.3 (0123456789ab, 2026-01-02)"; got != want {
		t.Errorf("versionString() = %q, want %q", got, want)
	}
}
