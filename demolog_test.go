package main

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// TestDemoLogShowsWhatWasWritten: a write's body follows its line, so the log shows
// which room options were sent; reads have none.
func TestDemoLogShowsWhatWasWritten(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	req := httptest.NewRequest("POST", "/api/2.0/files/rooms", strings.NewReader(`{"title":"Deal","roomType":8,"tags":["Legal"],"lifetime":{"enabled":true,"value":30,"period":0,"deletePermanently":false}}`))
	req.Header.Set("Authorization", "Bearer "+docspacetest.DemoKey)
	req.Header.Set("Content-Type", "application/json")
	portal.ServeHTTP(httptest.NewRecorder(), req)
	get := httptest.NewRequest("GET", "/api/2.0/settings", nil)
	get.Header.Set("Authorization", "Bearer "+docspacetest.DemoKey)
	portal.ServeHTTP(httptest.NewRecorder(), get)

	path := filepath.Join(t.TempDir(), "demo.log")
	writeRequestLog(io.Discard, path, portal)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "POST /api/2.0/files/rooms 200") ||
		lines[1] != `    {"title":"Deal","roomType":8,"tags":["Legal"],"lifetime":{"enabled":true,"value":30,"period":0,"deletePermanently":false}}` ||
		!strings.Contains(lines[2], "GET /api/2.0/settings 200") {
		t.Errorf("log:\n%s", b)
	}
	if strings.Contains(string(b), docspacetest.DemoKey) {
		t.Error("the log holds the key")
	}
}
