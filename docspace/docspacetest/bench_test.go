package docspacetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// serveDirect runs one request through ServeHTTP without a network.
func serveDirect(b *testing.B, p *Portal, method, path, body string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+keyOwner)
	w := httptest.NewRecorder()
	p.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
	}
}

func benchPortal(b *testing.B, opts ...Option) *Portal {
	clk := &clock{now: t0}
	return New(append(fixture(clk), append(opts, WithMaxRecorded(100))...)...)
}

func BenchmarkKeySelf(b *testing.B) {
	p := benchPortal(b)
	b.ReportAllocs()
	for b.Loop() {
		serveDirect(b, p, "GET", "/api/2.0/keys/@self", "")
	}
}

func BenchmarkListRooms(b *testing.B) {
	var opts []Option
	for i := 0; i < 500; i++ {
		opts = append(opts, WithRoom(fmt.Sprintf("Room %d", i), docspace.RoomCollaboration))
	}
	p := benchPortal(b, opts...)
	b.ReportAllocs()
	for b.Loop() {
		serveDirect(b, p, "GET", "/api/2.0/files/rooms?count=100&filterValue=room%201", "")
	}
}

// BenchmarkShare invites 10 new guests per call into one growing room.
func BenchmarkShare(b *testing.B) {
	p := benchPortal(b)
	id := p.AddRoom("Big", docspace.RoomCollaboration)
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/share", id)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		var sb strings.Builder
		sb.WriteString(`{"notify":false,"invitations":[`)
		for j := 0; j < 10; j++ {
			if j > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"email":"g%d@outside.example","access":2}`, n)
			n++
		}
		sb.WriteString(`]}`)
		serveDirect(b, p, "PUT", path, sb.String())
	}
}

// BenchmarkMembersPage reads one page of a 5000-member room.
func BenchmarkMembersPage(b *testing.B) {
	members := make([]Member, 5000)
	for i := range members {
		members[i] = Member{Email: fmt.Sprintf("m%d@outside.example", i), Access: docspace.AccessRead}
	}
	p := benchPortal(b, WithRoom("Crowd", docspace.RoomCollaboration, members...))
	b.ReportAllocs()
	for b.Loop() {
		serveDirect(b, p, "GET", "/api/2.0/files/rooms/101/share?count=100&startIndex=4000", "")
	}
}
