package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestFormPrompter drives the huh forms with typed input: the key is masked, Enter submits.
func TestFormPrompter(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const key = "sk-ff2d02fd04e20000000000000000000009"
	var out bytes.Buffer
	p := formPrompter{in: strings.NewReader(key + "\r"), out: &out}
	got, err := p.Key(ctx, "https://x.onlyoffice.com")
	if err != nil {
		t.Fatalf("Key: %v", err)
	}
	if got != key {
		t.Errorf("Key = %q, want the typed key", got)
	}
	if strings.Contains(out.String(), key) || strings.Contains(out.String(), "formprompter") {
		t.Errorf("the key was echoed to the terminal")
	}
	out.Reset()
	p = formPrompter{in: strings.NewReader("name.onlyoffice.com\r"), out: &out}
	portal, err := p.Portal(ctx, "")
	if err != nil || portal != "name.onlyoffice.com" {
		t.Fatalf("Portal = %q, %v", portal, err)
	}
	// Enter alone accepts the suggested portal.
	p = formPrompter{in: strings.NewReader("\r"), out: &out}
	if portal, err := p.Portal(ctx, "https://suggested.example"); err != nil || portal != "https://suggested.example" {
		t.Fatalf("Portal with a suggestion = %q, %v", portal, err)
	}
}
