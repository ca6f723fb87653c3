package docspace

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the client's concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The debug log records every attempt (method, path, status, duration), the wait
// before a retry and the items a page set aside, and never the key or an e-mail
// address, which stay out of paths, queries and messages alike.
func TestLoggerRecordsRequestsRetriesAndSkippedItems(t *testing.T) {
	const email = "bob.secret@example.com"
	var mu sync.Mutex
	lookups := 0
	h := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/2.0/people/email":
			mu.Lock()
			lookups++
			n := lookups
			mu.Unlock()
			if n == 1 {
				w.Header().Set("Retry-After", "2")
				writeJSON(w, http.StatusServiceUnavailable, `{"error":{"message":"busy, `+email+` waits"}}`)
				return
			}
			writeJSON(w, http.StatusOK, ok(`{"id":"u1","email":"`+email+`","displayName":"Bob"}`))
		case "/api/2.0/files/rooms":
			writeJSON(w, http.StatusOK, ok(`{"folders":[{"id":5,"title":"Sales","roomType":2},{"id":6,"title":["not text"],"roomType":2}],"total":2}`))
		default:
			writeJSON(w, http.StatusNotFound, `{}`)
		}
	}
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _, _ := testPortal(t, h, WithLogger(logger))

	if _, err := c.FindUserByEmail(context.Background(), email); err != nil {
		t.Fatalf("FindUserByEmail: %v", err)
	}
	page, err := c.ListRooms(context.Background(), RoomFilter{Filter: "Sales " + email})
	if err != nil || page.Skipped != 1 {
		t.Fatalf("ListRooms: skipped %d, err %v; want 1 skipped", page.Skipped, err)
	}

	log := buf.String()
	t.Logf("log:\n%s", log)
	for _, want := range []string{
		"method=GET path=/api/2.0/people/email",
		"status=503",
		"status=200",
		"duration=",
		"msg=\"waiting to retry\"",
		"wait=2s",
		"path=/api/2.0/files/rooms",
		"skipped=1",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	if got := strings.Count(log, "msg=request"); got != 3 {
		t.Errorf("%d request lines, want 3 (two lookups, one list)", got)
	}
	if strings.Contains(strings.ToLower(log), strings.ToLower(testKey)) || strings.Contains(log, strings.TrimPrefix(testKey, "sk-")) {
		t.Error("the log shows the API key")
	}
	if strings.Contains(log, "@") {
		t.Error("the log shows an e-mail address")
	}
}

// A client without a logger logs nothing and works as before.
func TestNoLoggerIsQuiet(t *testing.T) {
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, ok(`{"id":"u1","email":"a@example.com"}`))
	}, WithLogger(nil))
	if _, err := c.FindUserByEmail(context.Background(), "a@example.com"); err != nil {
		t.Fatal(err)
	}
}
