// Command fakeportal serves the in-memory DocSpace portal (docspacetest) on a local
// port, so the real binary can be tried and tested against it from another process:
//
//	go run ./internal/fakeportal -addr 127.0.0.1:8088
//
// It prints the portal URL on stdout, logs every request on stderr, and serves until
// interrupted. The demo key is printed only when -print-key is given.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	latency := flag.Duration("latency", 0, "latency added to every request")
	guests := flag.Bool("guests", true, "allow inviting guests by e-mail")
	limit := flag.Int("invitation-limit", 0, "e-mail invitations allowed per share request (0: unlimited)")
	realLimits := flag.Bool("rate-limits", false, "enforce DocSpace's rate limits (1500/min, 15 parallel writes, 50 parallel reads)")
	printKey := flag.Bool("print-key", false, "print the demo key (an obviously fake one) after the URL")
	flag.Parse()

	opts := []docspacetest.Option{docspacetest.WithDemoData(), docspacetest.WithLatency(*latency),
		docspacetest.WithGuestsAllowed(*guests), docspacetest.WithMaxRecorded(10000)}
	if *limit > 0 {
		opts = append(opts, docspacetest.WithInvitationLimit(*limit))
	}
	if *realLimits {
		opts = append(opts, docspacetest.WithRateLimit(docspacetest.DocSpaceRateLimit()))
	}
	portal := docspacetest.New(opts...)
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
	srv := &http.Server{Handler: logRequests(portal), ReadHeaderTimeout: 10 * time.Second}
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
