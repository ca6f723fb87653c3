package tui

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// recorded reads the history in dir and checks it holds one run made through via.
func recorded(t *testing.T, dir, via string, room int, out string) {
	t.Helper()
	recs, notes, err := history.Load(dir)
	if err != nil || len(notes) > 0 || len(recs) != 1 {
		t.Fatalf("history: %d records, %v, %v; output:\n%s", len(recs), notes, err, out)
	}
	r := recs[0]
	if r.Via != via || r.Kind != history.KindRun || len(r.Rooms) != 1 || r.Rooms[0].ID != room || len(r.Rooms[0].People) != 1 ||
		r.Rooms[0].People[0].Outcome != history.OutcomeNewGuest {
		t.Errorf("record = %+v", r)
	}
	if !strings.Contains(out, "Recorded in the history as "+r.ID) {
		t.Errorf("the output does not say where the run was recorded:\n%s", out)
	}
}

func TestAccessibleRunIsRecordedInTheHistory(t *testing.T) {
	_, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	norm, _ := docspace.NormalizePortal(srv.URL)
	dir := filepath.Join(t.TempDir(), "state")
	var out bytes.Buffer
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Prefill:    Prefill{RoomID: 101, Invites: invites("ann@example.com")},
		Keys:       &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader("\nn\nn\n\ny\nn\n"), // access, others, notify, language, go ahead, another
		Out:        &out,
		StateDir:   dir,
	})
	if code != onboard.EndDone {
		t.Fatalf("ended %v:\n%s", code, out.String())
	}
	recorded(t, dir, onboard.ViaAccessible, 101, out.String())
}

func TestWizardRunIsRecordedInTheHistory(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	norm, _ := docspace.NormalizePortal(srv.URL)
	dir := filepath.Join(t.TempDir(), "state")
	in, inW := io.Pipe()
	out := &watchedBuffer{want: "Review", seen: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer func() { _ = inW.Close() }()
		select {
		case <-out.seen: // everything is pre-filled: the wizard opens on the review
		case <-done:
			return
		}
		for {
			// Enter until the summary shows (an Enter while the review still checks
			// may be dropped), then q quits on the summary.
			keys := []byte("\r")
			if strings.Contains(plain(out.String()), "Summary") {
				keys = []byte("q")
			}
			if _, err := inW.Write(keys); err != nil {
				return
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	res, code := Run(context.Background(), Options{
		Portal:   srv.URL,
		Prefill:  Prefill{Title: ptr("Recorded room"), Type: ptr(docspace.RoomCustom), Invites: invites("ann@example.com")},
		Keys:     &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:   envOf("TERM", "xterm-256color", "LANG", "en_US.UTF-8"),
		Connect:  func(p, k string) (Portal, error) { return docspace.New(p, k) },
		In:       in,
		Out:      out,
		StateDir: dir,
	})
	close(done)
	_ = in.Close()
	if code != onboard.EndDone || res.Room == nil {
		t.Fatalf("ended %v, room %+v", code, res.Room)
	}
	recorded(t, dir, onboard.ViaWizard, res.Room.ID, plain(out.String()))
	recs, _, _ := history.Load(dir)
	if !recs[0].Rooms[0].Created || recs[0].Portal != norm || portal.Count("POST", "/api/2.0/files/rooms") != 1 {
		t.Errorf("record %+v", recs[0])
	}
}

// recordedRooms reads the history in dir and checks it holds one run over rooms, made
// through via, with one person in each.
func recordedRooms(t *testing.T, dir, via string, rooms []int, out string) {
	t.Helper()
	recs, notes, err := history.Load(dir)
	if err != nil || len(notes) > 0 || len(recs) != 1 {
		t.Fatalf("history: %d records, %v, %v; output:\n%s", len(recs), notes, err, out)
	}
	r := recs[0]
	var got []int
	for _, room := range r.Rooms {
		got = append(got, room.ID)
		if len(room.People) != 1 {
			t.Errorf("room %d has %d people in the record, want 1", room.ID, len(room.People))
		}
	}
	slices.Sort(got)
	if r.Via != via || !slices.Equal(got, rooms) {
		t.Errorf("record via %q with rooms %v, want %q with %v", r.Via, got, via, rooms)
	}
	if !strings.Contains(out, "Recorded in the history as "+r.ID) {
		t.Errorf("the output does not say where the run was recorded:\n%s", out)
	}
}

// A run over several rooms is one record, whichever front-end made it.
func TestRoomsRunIsOneRecordInTheHistory(t *testing.T) {
	for _, accessible := range []bool{false, true} {
		t.Run(map[bool]string{false: "wizard", true: "accessible"}[accessible], func(t *testing.T) {
			_, srv := docspacetest.NewServer(docspacetest.WithDemoData())
			t.Cleanup(srv.Close)
			norm, _ := docspace.NormalizePortal(srv.URL)
			dir := filepath.Join(t.TempDir(), "state")
			opts := Options{
				Portal:   srv.URL,
				Prefill:  Prefill{RoomID: 101, MoreRoomIDs: []int{102, 103}, Invites: invites("hire@example.com"), Access: ptr(docspace.AccessRead)},
				Keys:     &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
				Connect:  func(p, k string) (Portal, error) { return docspace.New(p, k) },
				StateDir: dir,
			}
			via := onboard.ViaWizard
			var text func() string
			if accessible {
				var out bytes.Buffer
				opts.Accessible, opts.Getenv, opts.In, opts.Out, via = true, envOf(), strings.NewReader("\nn\nn\n\ny\nn\nn\n"), &out, onboard.ViaAccessible
				text = out.String
			} else {
				in, inW := io.Pipe()
				out := &watchedBuffer{want: "Review", seen: make(chan struct{})}
				done := make(chan struct{})
				defer close(done)
				go func() {
					defer func() { _ = inW.Close() }()
					select {
					case <-out.seen:
					case <-done:
						return
					}
					for {
						// Enter until the summary shows (an Enter while the review still
						// checks may be dropped), then q.
						keys := []byte("\r")
						if strings.Contains(plain(out.String()), "Summary") {
							keys = []byte("q")
						}
						if _, err := inW.Write(keys); err != nil {
							return
						}
						select {
						case <-done:
							return
						case <-time.After(20 * time.Millisecond):
						}
					}
				}()
				opts.Getenv, opts.In, opts.Out = envOf("TERM", "xterm-256color", "LANG", "en_US.UTF-8"), in, out
				text = func() string { return plain(out.String()) }
			}
			if _, code := Run(context.Background(), opts); code != onboard.EndDone {
				t.Fatalf("ended %v:\n%s", code, text())
			}
			recordedRooms(t, dir, via, []int{101, 102, 103}, text())
		})
	}
}

// --accessible over several rooms counts the portal's invitation limit over all rooms
// together, as the wizard's review does, and refuses a plan over it before any write.
func TestAccessibleSeveralRoomsCountsTheInvitationLimitOverAllRooms(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithInvitationLimit(3))
	t.Cleanup(srv.Close)
	norm, _ := docspace.NormalizePortal(srv.URL)
	var out bytes.Buffer
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Prefill:    Prefill{RoomID: 101, MoreRoomIDs: []int{102}, Invites: invites("one@example.com, two@example.com"), Access: ptr(docspace.AccessRead)},
		Keys:       &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader("\nn\nn\n\ny\nn\nn\n"),
		Out:        &out,
	})
	if code != onboard.EndInvalid {
		t.Errorf("ended %v, want invalid:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "4 invitations by e-mail into 2 rooms") || !strings.Contains(out.String(), "Nothing was written.") {
		t.Errorf("the refusal is not said:\n%s", out.String())
	}
	if n := portal.Count("PUT", "/api/2.0/files/rooms/"); n != 0 {
		t.Errorf("%d writes before the refusal", n)
	}
}
