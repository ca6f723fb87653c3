package tui

// Frame budgets, with 1,000 people entered: View() of the people, access
// and review steps within 1 ms; one keystroke in the people area (Update + View)
// within 2 ms; a paste of 10,000 addresses parsed and validated within 20 ms.
// These are benchmarks, not assertions; BENCHMARKS.md holds the figures:
//
//	go test -run '^$' -bench . -benchmem ./tui/

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// benchWidth and benchHeight are the terminal the frames are drawn for.
const benchWidth, benchHeight = 120, 40

// benchPeopleText is n lines as an admin pastes them: "Name <address>".
func benchPeopleText(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "Person %d <person%d@example.com>\n", i, i)
	}
	return sb.String()
}

// benchAddresses is n bare addresses, one a line, as copied from a spreadsheet column.
func benchAddresses(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "person%d@example.com\n", i)
	}
	return sb.String()
}

// benchModel is the wizard as the user sees it with people entered for a new
// Collaboration room, the key checked, and every third person found on the portal.
func benchModel(b *testing.B, people int) (*model, *fakePortal) {
	b.Helper()
	fp := newFakePortal()
	opts := testOptions(fp)
	title, typ := "Bench", docspace.RoomCollaboration
	opts.Prefill = Prefill{Title: &title, Type: &typ, Invites: invites(benchPeopleText(people))}
	m := newModel(b.Context(), opts)
	st := m.st
	st.client, st.keyStatus = fp, keyOK
	info := fp.info
	st.info, st.self = &info, &fp.self
	for i := range people {
		email := fmt.Sprintf("person%d@example.com", i)
		if i%3 == 0 {
			st.users[email] = lookup{state: lookupFound, user: docspace.User{ID: fmt.Sprint("u", i), DisplayName: fmt.Sprint("Person ", i)}}
		} else {
			st.users[email] = lookup{state: lookupNotFound}
		}
	}
	m.Update(tea.WindowSizeMsg{Width: benchWidth, Height: benchHeight})
	return m, fp
}

// benchShow makes id the current step, as navigating there would.
func benchShow(b *testing.B, m *model, fp *fakePortal, id stepID) {
	b.Helper()
	m.goTo(id, "")
	if r, ok := m.steps[id].(*reviewStep); ok {
		// The review's background check has answered: the steady state the user reads.
		pre, err := fp.Check(b.Context(), r.plan)
		if err != nil {
			b.Fatal(err)
		}
		m.Update(preflightMsg{gen: r.gen, pre: pre})
	}
	if !strings.Contains(m.View().Content, "1000 people") {
		b.Fatalf("the %s step does not show the 1,000 people:\n%s", id, plain(m.render()))
	}
}

// benchView measures the whole frame (header, step body, help) of one step.
func benchView(b *testing.B, id stepID) {
	m, fp := benchModel(b, 1000)
	benchShow(b, m, fp, id)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkPeopleView is View() of the people step with 1,000 people (budget 1 ms).
func BenchmarkPeopleView(b *testing.B) { benchView(b, stepPeople) }

// BenchmarkAccessView is View() of the access step with 1,000 people (budget 1 ms).
func BenchmarkAccessView(b *testing.B) { benchView(b, stepAccess) }

// BenchmarkSettingsView is View() of the room settings step for a Virtual data room
// with every option shown, the portal's tags in and some set (budget 1 ms).
func BenchmarkSettingsView(b *testing.B) {
	m, _ := benchModel(b, 1000)
	m.st.d.roomType, m.st.d.options = docspace.RoomVirtualData, goldenOptions()
	m.goTo(stepSettings, "")
	m.Update(settingsFactsMsg{tags: []string{"Finance", "Legal", "Q3 2025"}, quotasOn: true})
	if v := plain(m.render()); !strings.Contains(v, "Storage quota") || !strings.Contains(v, "[x] room name") {
		b.Fatalf("the settings step does not show every option:\n%s", v)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkReviewView is View() of the review step with 1,000 people (budget 1 ms).
func BenchmarkReviewView(b *testing.B) { benchView(b, stepReview) }

// BenchmarkPeopleKeystroke is one key typed in the people area and the frame drawn
// after it (Update + View), as the program does per key (budget 2 ms with 1,000
// people). The op alternates typing "x" and deleting it, so the text stays the same
// size. "middle" edits line 500; "end" types on a new last line, as when adding one
// more person; people=10000 shows the cost does not grow with the list.
func BenchmarkPeopleKeystroke(b *testing.B) {
	for _, tc := range []struct {
		name   string
		people int
		row    int // -1: the last line
	}{
		{"people=1000/middle", 1000, 500},
		{"people=1000/end", 1000, -1},
		{"people=10000/middle", 10000, 5000},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m, _ := benchModel(b, tc.people)
			m.goTo(stepPeople, "")
			p := m.steps[stepPeople].(*peopleStep)
			row := tc.row
			if row < 0 {
				row = len(p.ed.lines) - 1
			}
			p.ed.moveTo(row, 1<<30)
			keys := []tea.KeyPressMsg{{Code: 'x', Text: "x"}, {Code: tea.KeyBackspace}}
			before := p.st.d.list
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			}
			if len(p.st.d.list.Entries) != len(before.Entries) && i%2 == 0 {
				b.Fatalf("the area changed size: %d entries, was %d", len(p.st.d.list.Entries), len(before.Entries))
			}
		})
	}
}

// BenchmarkPaste10000 is a paste of 10,000 addresses into the empty people area:
// "parse" is the step's Update (split into lines, parse and validate each, merge
// duplicates: budget 20 ms); "frame" goes through the root and draws the frame after
// it, as the program does.
func BenchmarkPaste10000(b *testing.B) {
	text := benchAddresses(10000)
	paste := tea.PasteMsg{Content: text}
	check := func(b *testing.B, st *state) {
		if l := st.d.list; len(l.Invitees) != 10000 || l.Invalid != 0 {
			b.Fatalf("the paste gave %d people, %d invalid", len(l.Invitees), l.Invalid)
		}
	}
	b.Run("parse", func(b *testing.B) {
		m, _ := benchModel(b, 0)
		st := m.st
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			p := newPeopleStep(st)
			b.StartTimer()
			p.Update(paste)
		}
		b.StopTimer()
		check(b, st)
	})
	b.Run("frame", func(b *testing.B) {
		m, _ := benchModel(b, 0)
		m.goTo(stepPeople, "")
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			m.steps[stepPeople] = newPeopleStep(m.st)
			m.steps[stepPeople].resize()
			b.StartTimer()
			m.Update(paste)
			_ = m.View()
		}
		b.StopTimer()
		check(b, m.st)
	})
}

// BenchmarkFirstFrame is the wizard's own work before its first frame, warm: build the
// model from the options (no key yet, so it opens on the first question), size it and
// draw it. scripts/bench-startup.sh measures the cold start through a terminal.
func BenchmarkFirstFrame(b *testing.B) {
	opts := Options{Portal: "https://portal.example.com", Getenv: func(string) string { return "" }}
	b.ReportAllocs()
	for b.Loop() {
		m := newModel(b.Context(), opts)
		m.Init()
		m.Update(tea.WindowSizeMsg{Width: benchWidth, Height: benchHeight})
		_ = m.View()
	}
}

// benchFlights is the most requests of one kind the portal had in flight at once.
type benchFlights struct {
	mu        sync.Mutex
	now, peak int
	total     int
}

func (f *benchFlights) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now++
	f.total++
	f.peak = max(f.peak, f.now)
}

func (f *benchFlights) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now--
}

// TestBackgroundLookupsStayBounded pastes 1,000 addresses into the people step of a
// wizard connected to a fake portal (real client, 5 ms per call) and watches the
// portal: the look-ups of existing users never exceed lookupConcurrency in flight,
// stop at maxLookups per session, and every GET stays far below the portal's 50.
// Run with -v to see the figures BENCHMARKS.md quotes.
func TestBackgroundLookupsStayBounded(t *testing.T) {
	const people = 1000
	portal := docspacetest.New(docspacetest.WithDemoData(), docspacetest.WithLatency(5*time.Millisecond),
		docspacetest.WithRateLimit(docspacetest.DocSpaceRateLimit()))
	var lookups benchFlights
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/2.0/people/email" {
			lookups.enter()
			defer lookups.leave()
		}
		portal.ServeHTTP(w, r)
	}))
	defer srv.Close()
	portal.SetURL(srv.URL)
	// Some of them are portal users, so the answers are a mix of found and not found.
	for i := 0; i < people; i += 7 {
		portal.AddUser(docspacetest.User{Email: fmt.Sprintf("person%d@example.com", i), DisplayName: fmt.Sprint("Person ", i)})
	}

	opts := Options{
		Portal:  srv.URL,
		Demo:    true,
		DemoKey: docspacetest.DemoKey,
		Getenv:  func(string) string { return "" },
		Connect: func(p, key string) (Portal, error) {
			return docspace.New(p, key, docspace.WithHTTPClient(srv.Client()))
		},
		// The last line is not an address, so the wizard stays on the people step.
		Prefill: Prefill{Invites: invites(benchPeopleText(people) + "not an address\n")},
	}
	d := newDriver(t, opts, benchWidth, benchHeight)
	st := d.m.st
	d.until("the key check", func() bool { return st.keyStatus == keyOK })
	d.goTo(stepPeople, "")
	want := min(maxLookups, people)
	d.until("the look-ups", func() bool { return st.lookups >= want && st.inflight == 0 })
	d.settle()

	lookups.mu.Lock()
	peak, total := lookups.peak, lookups.total
	lookups.mu.Unlock()
	stats := portal.Stats()
	found := 0
	for _, u := range st.users {
		if u.state == lookupFound {
			found++
		}
	}
	t.Logf("people step with %d addresses: %d look-ups (cap %d), peak %d in flight (bound %d); portal: peak %d parallel GETs (limit 50), %d requests, %d answered 429; %d found as portal users",
		people, total, maxLookups, peak, lookupConcurrency, stats.PeakParallelReads, stats.Requests, stats.Status429, found)
	switch {
	case d.m.cur != stepPeople:
		t.Fatalf("the wizard left the people step for %s", d.m.cur)
	case total != want:
		t.Errorf("%d look-ups, want %d (maxLookups)", total, want)
	case peak > lookupConcurrency:
		t.Errorf("%d look-ups in flight at once, the bound is %d", peak, lookupConcurrency)
	case stats.PeakParallelReads > lookupConcurrency+6:
		// The look-ups, plus the room list loading one page at a time, the templates',
		// the groups' and the languages' (one read at a time each) and the people's (two).
		t.Errorf("the portal saw %d parallel GETs, want at most %d", stats.PeakParallelReads, lookupConcurrency+6)
	case stats.Status429 != 0:
		t.Errorf("the portal refused %d requests with 429", stats.Status429)
	case found == 0:
		t.Error("no look-up found a portal user")
	}
}

// BenchmarkRoomSearch is the room picker on a portal with 5,008 numbered rooms (plus
// the demo's), more than the 5,000 it loads: from the debounce firing after the filter
// was typed to the first matching room in the list, through the real client and a fake
// portal that answers every call after 100 ms. "title" types a title beyond the loaded
// rooms (ListRooms with filterValue), "id" a room's id (GetRoom, and a title search for
// the digits at the same time). The floor is one round trip, so x-floor = median / 100 ms:
//
//	go test -run '^$' -bench RoomSearch -benchtime=10x ./tui/
func BenchmarkRoomSearch(b *testing.B) {
	const latency = 100 * time.Millisecond
	portal := docspacetest.New(docspacetest.WithDemoData(), docspacetest.WithNumberedRooms(5008), docspacetest.WithLatency(latency))
	srv := httptest.NewServer(portal)
	defer srv.Close()
	portal.SetURL(srv.URL)
	client, err := docspace.New(srv.URL, docspacetest.DemoKey, docspace.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	// The loaded rooms are the portal's first 5,000: newest (highest id) first.
	all := portal.Rooms()
	var loaded []docspace.Room
	ids := map[string]int{}
	for i := len(all) - 1; i >= 0; i-- {
		if r := all[i]; !r.ThirdParty() {
			ids[r.Title] = r.ID
			if len(loaded) < roomPageSize*maxRoomPages {
				loaded = append(loaded, r)
			}
		}
	}
	for _, tc := range []struct{ name, typed, want string }{
		{"title", "Room 0003", "Room 0003"},
		{"id", fmt.Sprint(ids["Room 0005"]), "Room 0005"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m := newModel(b.Context(), Options{Portal: srv.URL, Getenv: func(string) string { return "" }})
			st := m.st
			st.client, st.keyStatus = client, keyOK
			st.rooms = roomCache{items: loaded, total: len(all), done: true}
			var fired tea.Msg // the debounce's message, delivered when the timer starts
			st.timer = func(msg tea.Msg) tea.Cmd { fired = msg; return nil }
			m.Update(tea.WindowSizeMsg{Width: benchWidth, Height: benchHeight})
			samples := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				a := newActionStep(st)
				m.steps[stepAction] = a
				m.goTo(stepAction, "")
				fired = nil
				for _, k := range []string{"down", "enter", "/"} {
					m.Update(keyMsg(k))
				}
				m.Update(tea.PasteMsg{Content: tc.typed})
				if fired == nil || a.searching != 0 {
					b.Fatalf("typing %q scheduled no search (searching %d)", tc.typed, a.searching)
				}
				b.StartTimer()
				start := time.Now()
				benchPump(b, m, fired, func() bool {
					it, ok := a.rooms.SelectedItem().(roomItem)
					return ok && it.room.Title == tc.want
				})
				samples = append(samples, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(samples)
			med := samples[len(samples)/2]
			b.ReportMetric(float64(med.Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(med)/float64(latency), "RTTs")
			b.ReportMetric(float64(med)/float64(latency), "x-floor")
		})
	}
}

// benchPump delivers first to m and runs the commands it leads to, as the program
// does (spinner ticks aside: they only animate), until done holds.
func benchPump(b *testing.B, m *model, first tea.Msg, done func() bool) {
	b.Helper()
	msgs := make(chan tea.Msg, 64)
	var deliver func(tea.Msg)
	run := func(cmd tea.Cmd) {
		if cmd != nil {
			go func() { msgs <- cmd() }()
		}
	}
	deliver = func(msg tea.Msg) {
		switch msg := msg.(type) {
		case nil, spinner.TickMsg:
			return
		case tea.BatchMsg:
			for _, c := range msg {
				run(c)
			}
			return
		}
		_, cmd := m.Update(msg)
		run(cmd)
	}
	deliver(first)
	timeout := time.After(10 * time.Second)
	for !done() {
		select {
		case msg := <-msgs:
			deliver(msg)
		case <-timeout:
			b.Fatalf("no match after 10 s:\n%s", plain(m.render()))
		}
	}
}

// benchDirectory loads a directory of users people and groups groups into m, as the
// background reads deliver them (the messages the root handles).
func benchDirectory(b testing.TB, m *model, users, groups int) {
	b.Helper()
	us := make([]docspace.User, users)
	for i := range us {
		us[i] = docspace.User{ID: fmt.Sprint("u", i), DisplayName: fmt.Sprintf("Member %05d Surname", i),
			Email: fmt.Sprintf("member%05d@example.com", i), ActivationStatus: 1}
	}
	gs := make([]docspace.Group, groups)
	for i := range gs {
		gs[i] = docspace.Group{ID: fmt.Sprint("g", i), Name: fmt.Sprintf("Team %03d", i), MembersCount: i % 40}
	}
	portal := m.st.client.Portal()
	m.Update(usersMsg{portal: portal, users: us})
	m.Update(groupsMsg{portal: portal, groups: gs})
	if len(m.st.people.items) != users || len(m.st.groups.items) != groups {
		b.Fatalf("directory not loaded: %d people, %d groups", len(m.st.people.items), len(m.st.groups.items))
	}
}

// BenchmarkDirectoryKeystroke is one key typed in the people area (Update + View) with
// the portal's 10,000 people and 500 groups loaded (budget 2 ms): "name" types on a
// line holding a name, so every frame filters the 10,000 for its completion note;
// "group" does the same on an "@Team" line; "address" is the usual typing of an
// address with the directory loaded.
func BenchmarkDirectoryKeystroke(b *testing.B) {
	for _, tc := range []struct{ name, line string }{
		{"name", "memb"},
		{"group", "@Team 1"},
		{"address", "someone@example.co"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m, _ := benchModel(b, 100)
			benchDirectory(b, m, 10000, 500)
			m.goTo(stepPeople, "")
			p := m.steps[stepPeople].(*peopleStep)
			p.ed.moveTo(len(p.ed.lines)-1, 1<<30)
			p.ed.insert(tc.line)
			p.reparse()
			keys := []tea.KeyPressMsg{{Code: 'x', Text: "x"}, {Code: tea.KeyBackspace}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			}
		})
	}
}

// BenchmarkDirectoryFilter is the filtering of one keystroke alone (budget 5 ms): the
// completions of a prefix among 10,000 people and among 500 groups.
func BenchmarkDirectoryFilter(b *testing.B) {
	m, _ := benchModel(b, 0)
	benchDirectory(b, m, 10000, 500)
	b.Run("people=10000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = m.st.userCompletions("zq", 3) // matches nobody: the whole list is read, the worst case
		}
	})
	b.Run("groups=500", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = m.st.groupCompletions("zq", 3) // matches nothing: every group is read
		}
	})
}

// TestDirectoryLoadsInTheBackground connects the wizard to a portal of 10,000 people
// and 500 groups answering each request after 20 ms: asking for them returns at
// once (the reads run as commands, off the UI), the first frame and keystrokes come
// before they arrive, and storing them when they do stays within a frame's budget.
// Run with -v for the figures BENCHMARKS.md quotes.
func TestDirectoryLoadsInTheBackground(t *testing.T) {
	var opts []docspacetest.Option
	for i := range 10000 {
		opts = append(opts, docspacetest.WithUser(docspacetest.User{Email: fmt.Sprintf("member%05d@example.com", i), DisplayName: fmt.Sprintf("Member %05d", i)}))
	}
	for i := range 500 {
		opts = append(opts, docspacetest.WithGroup(docspacetest.Group{Name: fmt.Sprintf("Team %03d", i)}))
	}
	portal := docspacetest.New(append([]docspacetest.Option{docspacetest.WithDemoData(), docspacetest.WithLatency(20 * time.Millisecond)}, opts...)...)
	srv := httptest.NewServer(portal)
	defer srv.Close()
	portal.SetURL(srv.URL)
	c, err := docspace.New(srv.URL, docspacetest.DemoKey)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(t.Context(), Options{Portal: srv.URL, Getenv: func(string) string { return "" }})
	m.st.client, m.st.keyStatus = c, keyOK
	m.Update(tea.WindowSizeMsg{Width: benchWidth, Height: benchHeight})

	start := time.Now()
	loads := []tea.Cmd{m.st.loadUsers(), m.st.loadGroups()}
	asked := time.Since(start)
	m.goTo(stepPeople, "")
	_ = m.View()
	m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	_ = m.View()
	framed := time.Since(start)
	if loads[0] == nil || loads[1] == nil || asked > 5*time.Millisecond || framed > 50*time.Millisecond {
		t.Fatalf("asking took %v and the first frame and keystroke %v: the reads are not in the background", asked, framed)
	}
	var msgs []tea.Msg
	readStart := time.Now()
	for _, cmd := range loads {
		msgs = append(msgs, cmd()) // what the program runs off the UI goroutine
	}
	read := time.Since(readStart)
	storeStart := time.Now()
	for _, msg := range msgs {
		m.Update(msg)
	}
	stored := time.Since(storeStart)
	t.Logf("asking %v; first frame + keystroke %v; the reads (off the UI) %v; storing %d people and %d groups on the UI goroutine %v",
		asked, framed, read, len(m.st.people.items), len(m.st.groups.items), stored)
	if len(m.st.people.items) < 9990 || len(m.st.groups.items) != 502 { // at most 10,000 are read; pending guests are left out
		t.Errorf("loaded %d people and %d groups", len(m.st.people.items), len(m.st.groups.items))
	}
	if stored > 50*time.Millisecond {
		t.Errorf("storing the directory took %v on the UI goroutine", stored)
	}
}
