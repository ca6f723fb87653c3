// Command fakeportal serves the in-memory DocSpace portal (docspacetest) on a local
// port, so the real binary can be tried and tested against it from another process:
//
//	go run ./internal/fakeportal -addr 127.0.0.1:8088
//
// It prints the portal URL on stdout, logs every request on stderr, and serves until
// interrupted. The demo key is printed only when -print-key is given.
//
// With -rooms 5008 it also has more rooms than the wizard lists, so its search on the
// portal (by title, or by a typed room id) can be tried.
//
// With -hostile the portal also sends text no terminal should receive raw, for a
// manual check in tmux that the wizard shows it harmlessly: a room whose title holds
// an OSC 0 title change, an OSC 52 clipboard write and an OSC 8 link to evil.example,
// and a user (eve@demo.example, also a member of that room) whose display name
// clears the screen and moves the cursor.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/hostile"
)

// Hostile strings for -hostile, put into the answers by hostile.Middleware in place of
// their tokens.
const (
	hostileRoomToken  = "HOSTILEROOMTITLE"
	hostileUserToken  = "HOSTILEUSERNAME"
	hostileUserEmail  = "eve@demo.example"
	hostileGroupToken = "HOSTILEGROUPNAME"
)

// readOnlyKey is -read-only-key's key: obviously fake, like the demo key.
const readOnlyKey = "sk-" + "0dd0" + "0dd00dd00dd00dd00dd00dd00dd00dd0" // fake, never a real secret

var hostileSubst = map[string]string{
	hostileRoomToken: "\x1b]0;pwned title\x07Board \x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07room " +
		"\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
	hostileUserToken:  "\x1b[2J\x1b[HEve \x1b[10;10HMallory\x1b[31m",
	hostileGroupToken: "\x1b[31mOps\u202e \x1b]0;pwned group\x07team\x1b[0m",
}

// seedHostile adds the hostile room and user; their tokens become the strings above.
func seedHostile(p *docspacetest.Portal) {
	eve := p.AddUser(docspacetest.User{Email: hostileUserEmail, DisplayName: hostileUserToken, Role: docspacetest.RoleRoomAdmin})
	p.AddRoom(hostileRoomToken, docspace.RoomCollaboration, docspacetest.Member{UserID: eve, Access: docspace.AccessEditing})
	p.AddGroup(docspacetest.Group{Name: hostileGroupToken, Members: []string{eve}})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	latency := flag.Duration("latency", 0, "latency added to every request")
	createDelay := flag.Duration("create-delay", 0, "delay added to every room creation (POST /files/rooms): 1h makes a create hang")
	guests := flag.Bool("guests", true, "allow inviting guests by e-mail")
	limit := flag.Int("invitation-limit", 0, "e-mail invitations the portal may send over a rolling 24 hours, all requests together (0: unlimited)")
	realLimits := flag.Bool("rate-limits", false, "enforce DocSpace's rate limits (1500/min, 15 parallel writes, 50 parallel reads)")
	printKey := flag.Bool("print-key", false, "print the demo key (an obviously fake one) after the URL")
	rooms := flag.Int("rooms", 0, "also seed `n` rooms titled \"Room 0001\"… (e.g. 5008: more than the wizard's 5,000-room list)")
	readOnly := flag.Bool("read-only-key", false, "also seed a key with only rooms:read and accounts:read (no rooms:write) and print it after the URL")
	hostileText := flag.Bool("hostile", false, "also seed a room title, a user name and a group name full of terminal escape sequences (for a manual check)")
	failRemovals := flag.Int("fail-removals-after", 0, "the first share call that removes people applies `n` of its entries, then fails with 403 (once): undo failing half-way")
	linkDelay := flag.Duration("link-delay", 0, "delay added to every call turning a room's invitation link on (PUT /files/rooms/{id}/links): 1h makes it hang")
	linkStatus := flag.Int("link-status", 0, "answer every call turning a room's invitation link on with this HTTP `status` (e.g. 500), before any work")
	flag.Parse()

	opts := []docspacetest.Option{docspacetest.WithDemoData(), docspacetest.WithLatency(*latency),
		docspacetest.WithGuestsAllowed(*guests), docspacetest.WithMaxRecorded(10000)}
	if *rooms > 0 {
		opts = append(opts, docspacetest.WithNumberedRooms(*rooms))
	}
	if *limit > 0 {
		opts = append(opts, docspacetest.WithInvitationLimit(*limit))
	}
	if *realLimits {
		opts = append(opts, docspacetest.WithRateLimit(docspacetest.DocSpaceRateLimit()))
	}
	portal := docspacetest.New(opts...)
	if *createDelay > 0 {
		portal.InjectFault(docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: *createDelay})
	}
	var handler http.Handler = portal
	if *hostileText {
		seedHostile(portal)
		handler = hostile.Middleware(portal, hostileSubst)
	}
	if *linkDelay > 0 || *linkStatus > 0 {
		handler = breakLinks(handler, *linkDelay, *linkStatus)
	}
	if *failRemovals > 0 {
		handler = failFirstRemoval(portal, handler, *failRemovals)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fakeportal: cannot listen on %s: %v\n", *addr, err)
		os.Exit(1)
	}
	url := "http://" + ln.Addr().String()
	portal.SetURL(url)
	fmt.Println(url)
	if *printKey {
		fmt.Println(docspacetest.DemoKey)
	}
	if *readOnly {
		portal.AddKey(docspacetest.Key{Secret: readOnlyKey, Name: "Read-only key", Active: true, Scopes: []string{"rooms:read", "accounts:read"}})
		fmt.Println(readOnlyKey)
	}
	srv := &http.Server{Handler: logRequests(handler), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "fakeportal:", err)
		os.Exit(1)
	}
}

// statusRecorder remembers the status a handler wrote, for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r)
		q := ""
		if r.URL.RawQuery != "" {
			q = "?" + r.URL.RawQuery
		}
		fmt.Fprintf(os.Stderr, "%s %s %s%s -> %d (%s)\n", start.Format("15:04:05.000"), r.Method, r.URL.Path, q, rec.status, time.Since(start).Round(time.Millisecond))
	})
}

// breakLinks delays the calls turning a room's invitation link on by delay, then
// answers them with status (0: as the portal does), so a stop or a failure of the
// run's last phase can be tried by hand.
func breakLinks(next http.Handler, delay time.Duration, status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/links") {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
			if status > 0 {
				http.Error(w, http.StatusText(status), status)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// failFirstRemoval makes the first share call that removes someone (an entry with
// access 0) apply n of its entries and then fail, as DocSpace does when it refuses
// an entry half-way through a request.
func failFirstRemoval(portal *docspacetest.Portal, next http.Handler, n int) http.Handler {
	var once sync.Once
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/share") && r.Body != nil {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			r.Body = io.NopCloser(bytes.NewReader(body))
			if bytes.Contains(body, []byte(`"access":0`)) {
				once.Do(func() {
					portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: r.URL.Path, AfterEntries: n, Times: 1})
				})
			}
		}
		next.ServeHTTP(w, r)
	})
}
