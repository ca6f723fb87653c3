// Package faultmatrix is the fault catalogue the fault-matrix tests of docspace, cli and tui share; only _test.go files import it.
package faultmatrix

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// Net is a failure below HTTP, made for real by a broken transport.
type Net int

// The network faults: none, or a failure before any HTTP answer.
const (
	NetNone    Net = iota
	NetRefused     // dial a closed loopback port
	NetDNS         // resolve portal.invalid
	NetTLS         // a TLS client without the portal's CA
)

// Case is one fault of the catalogue and what a run should make of it.
type Case struct {
	Name  string
	Net   Net
	Fault docspacetest.Fault // Status/Body/RetryAfter/Drop/Delay; selection is set per phase
	// SafeRetried: a read or share call that meets the fault once is retried and succeeds.
	SafeRetried bool
	// CreateRetried: so is a create (the request provably had no effect).
	CreateRetried bool
	Says          string // part of the sentence the user reads (any letter case)
}

// ProxyHTML is the error page a proxy such as nginx serves for code.
func ProxyHTML(code int) string {
	return fmt.Sprintf("<!DOCTYPE html><html><head><title>%d</title></head><body><h1>%d</h1><hr>nginx</body></html>", code, code)
}

// Envelope is DocSpace's JSON error envelope for status with message msg.
func Envelope(status int, msg string) string {
	return fmt.Sprintf(`{"error":{"message":%q},"status":1,"statusCode":%d}`, msg, status)
}

// Cases is the catalogue; dnsNotFound says whether this machine's resolver answers
// "no such host" for portal.invalid (see ResolverSaysNotFound).
func Cases(dnsNotFound bool) []Case {
	html := func(code int) docspacetest.Fault {
		return docspacetest.Fault{Status: code, Body: ProxyHTML(code)}
	}
	return []Case{
		{Name: "connection refused", Net: NetRefused, SafeRetried: true, CreateRetried: true, Says: "the connection was refused"},
		// "no such host" is final; a resolver that fails otherwise is worth another try.
		{Name: "DNS failure", Net: NetDNS, SafeRetried: !dnsNotFound, CreateRetried: !dnsNotFound, Says: "host name could not be"},
		{Name: "TLS self-signed", Net: NetTLS, Says: "certificate is not trusted"},
		{Name: "timeout", Fault: docspacetest.Fault{Delay: time.Minute}, SafeRetried: true, Says: "no answer within"},
		{Name: "connection reset", Fault: docspacetest.Fault{Drop: true}, SafeRetried: true, Says: "closed"},
		{Name: "500 HTML", Fault: html(500), Says: "not available right now"},
		{Name: "502 HTML", Fault: html(502), SafeRetried: true, Says: "not available right now"},
		{Name: "503 HTML", Fault: html(503), SafeRetried: true, Says: "not available right now"},
		{Name: "429 with Retry-After", Fault: docspacetest.Fault{Status: 429, RetryAfter: "7", Body: Envelope(429, "Too many requests. Try again later.")},
			SafeRetried: true, CreateRetried: true, Says: "too many requests"},
		{Name: "429 without Retry-After", Fault: docspacetest.Fault{Status: 429}, SafeRetried: true, CreateRetried: true, Says: "too many requests"},
		{Name: "401 empty", Fault: docspacetest.Fault{Status: 401}, Says: "rejected the API key"},
		{Name: "403 empty", Fault: docspacetest.Fault{Status: 403}, Says: "lacks a scope"},
		{Name: "403 role not allowed", Fault: docspacetest.Fault{Status: 403, Body: Envelope(403, "The role is not available for this user type")}, Says: "role is not available"},
		{Name: "402 quota", Fault: docspacetest.Fault{Status: 402, Body: Envelope(402, "The room count quota is exceeded")}, Says: "quota is exceeded"},
		{Name: "404 room gone", Fault: docspacetest.Fault{Status: 404, Body: Envelope(404, "Folder not found")}, Says: "Folder not found"},
	}
}

// ResolverSaysNotFound reports whether this machine's resolver answers "no such host"
// for portal.invalid (a sandbox without DNS fails differently, and that is retried).
func ResolverSaysNotFound() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := net.DefaultResolver.LookupHost(ctx, "portal.invalid")
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

// Mode is how often a fault applies: Times 1 is a blip, Times 0 an outage (every request).
type Mode struct {
	Name  string
	Times int
}

// Modes are the two modes every case runs in: once and always.
func Modes() []Mode {
	return []Mode{{Name: "once", Times: 1}, {Name: "always", Times: 0}}
}

// SuccessfulCreates counts the create calls (plain or from a template) the portal
// answered with success.
func SuccessfulCreates(p *docspacetest.Portal) int {
	n := 0
	for _, r := range p.Requests() {
		create := r.Path == "/api/2.0/files/rooms" || r.Path == "/api/2.0/files/rooms/fromtemplate"
		if r.Method == http.MethodPost && create && r.Status >= 200 && r.Status < 300 {
			n++
		}
	}
	return n
}
