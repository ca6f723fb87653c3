package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/hostile"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// A hostile portal through the scriptable front-ends: every catalogue string in every
// field the portal fills (room title, display names, e-mail, key name, error message,
// share warning, group name), through --yes text and --json, status, login --with-key
// and logout. Everything written to stdout and stderr must be safe for a terminal,
// and so must every string a script pulls out of the --json answer.

const hostileKey = "sk-8f349ce00000000000000000000000008"

// Addresses of the hostile portal's people; their display names carry the token.
const (
	hostileRoomAdmin = "ra@hostile.example"    // a room admin: invited by id, so shown by name
	hostilePlain     = "pu@hostile.example"    // an ordinary user: "Room admin" for them is a plan problem
	hostileNew       = "new@hostile.example"   // not on the portal: a new guest
	hostileGhost     = "ghost@hostile.example" // accepted with a warning, never added
)

type hostileRig struct {
	portal *docspacetest.Portal
	url    string
	roomID int
}

// newHostileRig seeds a portal with e's token in every field and serves it through
// hostile.Middleware (with every entry's substitution) around wrap(portal).
func newHostileRig(t *testing.T, e hostile.Entry, wrap func(http.Handler) http.Handler) *hostileRig {
	t.Helper()
	tok := e.Token
	p := docspacetest.New()
	admin := p.AddUser(docspacetest.User{Email: "admin@hostile.example", DisplayName: "Admin " + tok, Role: docspacetest.RoleAdmin})
	p.AddUser(docspacetest.User{Email: hostileRoomAdmin, DisplayName: tok, Role: docspacetest.RoleRoomAdmin})
	p.AddUser(docspacetest.User{Email: hostilePlain, DisplayName: tok + " Plain", Role: docspacetest.RoleUser})
	// A member whose portal address carries the token too (only the portal reports it).
	mem := p.AddUser(docspacetest.User{Email: "mem." + tok + "@hostile.example", DisplayName: tok + " Member", Role: docspacetest.RoleUser})
	p.AddKey(docspacetest.Key{Secret: hostileKey, Name: "Key " + tok, UserID: admin, Active: true})
	room := p.AddRoom("Room "+tok, docspace.RoomCustom, docspacetest.Member{UserID: mem, Access: docspace.AccessRead})
	var h http.Handler = p
	if wrap != nil {
		h = wrap(p)
	}
	srv := httptest.NewServer(hostile.Middleware(h, hostile.Subst(hostile.Catalogue())))
	t.Cleanup(srv.Close)
	p.SetURL(srv.URL)
	url, err := docspace.NormalizePortal(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return &hostileRig{portal: p, url: url, roomID: room}
}

func (rig *hostileRig) env(t *testing.T) *testEnv {
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = rig.url
	te.vars["DOCSPACE_API_KEY"] = hostileKey
	te.ClientOptions = []docspace.Option{docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 1})}
	return te
}

// withGroup adds a group whose name carries tok to every member list the portal sends:
// docspacetest has no groups, so the answer is written by hand here.
func withGroup(tok string) func(http.Handler) http.Handler {
	group := `{"access":1,"sharedToGroup":{"id":"6a4c0f8e-0000-4000-8000-00000000000g","name":"Group ` + tok +
		`","manager":{"displayName":"Manager ` + tok + `"}},"isLocked":false,"isOwner":false,"canEditAccess":true,"subjectType":2},`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/share") {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := strings.Replace(rec.Body.String(), `"response":[`, `"response":[`+group, 1)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			_, _ = w.Write([]byte(body))
		})
	}
}

// withWarning answers every share call with success, no member and a warning carrying
// tok, as a portal that accepted the invitations but could not add the people.
func withWarning(tok string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPut || !strings.HasSuffix(r.URL.Path, "/share") {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			fmt.Fprintf(w, `{"response":{"members":[],"warning":"Warning %s","error":0},"count":1,"status":0,"statusCode":200}`, tok)
		})
	}
}

// checkJSON checks a --json answer: valid JSON, safe bytes, and every string value in
// it safe as `jq -r` would print it.
func checkJSON(t *testing.T, where string, out []byte) string {
	t.Helper()
	if !json.Valid(out) {
		t.Errorf("%s: --json output is not valid JSON:\n%.2000s", where, out)
		return ""
	}
	hostile.Check(t, where+" (raw JSON)", out)
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Errorf("%s: %v", where, err)
		return ""
	}
	var strs []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			strs = append(strs, v)
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				strs = append(strs, k)
				walk(x)
			}
		}
	}
	walk(v)
	joined := strings.Join(strs, "\n") + "\n"
	hostile.Check(t, where+" (decoded strings, as jq -r prints them)", []byte(joined))
	return joined
}

// shows checks that the hostile string reached the output in each field: for each
// field, a line holds both the field's text and the entry's marker. A check of
// output that never holds the hostile string would prove nothing.
func shows(t *testing.T, where, out string, e hostile.Entry, fields ...string) {
	t.Helper()
	if len(fields) == 0 {
		fields = []string{""}
	}
	lines := strings.Split(out, "\n")
	for _, f := range fields {
		found := false
		for _, l := range lines {
			if strings.Contains(l, f) && strings.Contains(l, e.Marker) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: no line shows %s (%s) with %q, so this case proves nothing:\n%.3000s", where, e.Marker, e.Name, f, out)
		}
	}
}

type hostileRun struct {
	name string
	wrap func(tok string) func(http.Handler) http.Handler
	// setup prepares the rig (faults); opts are the run's flags.
	setup func(rig *hostileRig, e hostile.Entry)
	opts  func(rig *hostileRig) RunOptions
	code  onboard.End
	// text lists the fields that must show the hostile string in the text run's
	// output (a line with the field's text and the marker); json those in the --json
	// run's decoded strings ("" for the marker alone).
	text, json []string
	// hidden, when set, says the entry's string is (rightly) not shown at all.
	hidden func(e hostile.Entry) bool
}

// refuseShare makes the share call fail with status and body (of type ctype).
func refuseShare(rig *hostileRig, status int, ctype, body string) {
	rig.portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: status, ContentType: ctype, Body: body})
}

func hostileRuns() []hostileRun {
	return []hostileRun{
		{
			name: "existing room with a hostile title, members and group",
			wrap: withGroup,
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostileRoomAdmin + "=room-admin", hostileNew}}
			},
			code: onboard.EndDone,
			text: []string{"Room: ", "<" + hostileRoomAdmin + ">", `Key "Key `},
			json: []string{"Room "},
		},
		{
			name: "new room whose members read back with hostile names",
			opts: func(*hostileRig) RunOptions {
				return RunOptions{Title: "Hostile names", Type: "custom", Invites: []string{hostileRoomAdmin + "=room-admin", hostileNew, hostilePlain}}
			},
			code: onboard.EndDone,
			text: []string{"<" + hostileRoomAdmin + ">"},
			json: []string{""}, // the name: the new room's title is plain
		},
		{
			name: "share refused with a hostile error message",
			setup: func(rig *hostileRig, e hostile.Entry) {
				refuseShare(rig, http.StatusForbidden, "", `{"error":{"message":"Refused `+e.Token+`"},"status":1,"statusCode":403}`)
			},
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostileNew}}
			},
			code: onboard.EndPartial,
			text: []string{"✗ Batch 1 of 1: inviting 1 person to room", "failed: Refused"},
			json: []string{"Refused"},
		},
		{
			name: "share refused with a hostile top-level message",
			setup: func(rig *hostileRig, e hostile.Entry) {
				refuseShare(rig, http.StatusForbidden, "", `{"message":"Refused `+e.Token+`","status":1,"statusCode":403}`)
			},
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostileNew}}
			},
			code: onboard.EndPartial,
			text: []string{"failed: Refused"},
			json: []string{"Refused"},
		},
		{
			name: "share refused with a hostile ProblemDetails field and message",
			setup: func(rig *hostileRig, e hostile.Entry) {
				refuseShare(rig, http.StatusBadRequest, "application/problem+json",
					`{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,`+
						`"errors":{"Field`+e.Token+`":["Refused `+e.Token+`"]}}`)
			},
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostileNew}}
			},
			code: onboard.EndPartial,
			text: []string{"refused these fields: Field"},
			json: []string{"refused these fields: Field"},
		},
		{
			name: "share refused with a hostile plain-text reason",
			setup: func(rig *hostileRig, e hostile.Entry) {
				// Sent raw, not as JSON: a proxy's reason, as it is.
				refuseShare(rig, http.StatusForbidden, "text/plain; charset=utf-8", "Refused "+e.Payload)
			},
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostileNew}}
			},
			code: onboard.EndPartial,
			text: []string{"failed: Refused"},
			json: []string{"Refused"},
			// A reason with a line break or markup is not shown at all.
			hidden: func(e hostile.Entry) bool { return strings.ContainsAny(e.Payload, "\r\n<{") },
		},
		{
			name: "share accepted with a hostile warning",
			wrap: withWarning,
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostileGhost}}
			},
			code: onboard.EndPartial,
			text: []string{"did not add them: Warning"},
			json: []string{"did not add them: Warning"},
		},
		{
			name: "plan problem naming a hostile user",
			opts: func(rig *hostileRig) RunOptions {
				return RunOptions{RoomID: rig.roomID, Invites: []string{hostilePlain + "=room-admin"}}
			},
			code: onboard.EndInvalid,
			text: []string{"<" + hostilePlain + ">: Room admin is only for"},
			json: []string{"<" + hostilePlain + ">: Room admin is only for"},
		},
	}
}

func TestHostilePortalScriptable(t *testing.T) {
	for _, run := range hostileRuns() {
		for _, asJSON := range []bool{false, true} {
			mode := "text"
			if asJSON {
				mode = "json"
			}
			t.Run(run.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				for _, e := range hostile.Catalogue() {
					t.Run(e.Marker, func(t *testing.T) {
						var wrap func(http.Handler) http.Handler
						if run.wrap != nil {
							wrap = run.wrap(e.Token)
						}
						rig := newHostileRig(t, e, wrap)
						if run.setup != nil {
							run.setup(rig, e)
						}
						te := rig.env(t)
						opts := run.opts(rig)
						opts.JSON = asJSON
						code := Run(context.Background(), te.Env, opts)
						if code != run.code {
							t.Errorf("ended %v, want %v\nstdout:\n%.3000s\nstderr:\n%.3000s", code, run.code, te.out, te.err)
						}
						hostile.Check(t, "stderr", te.err.Bytes())
						if asJSON {
							strs := checkJSON(t, "stdout", te.out.Bytes())
							if run.hidden == nil || !run.hidden(e) {
								shows(t, "--json strings", strs, e, run.json...)
							}
						} else {
							hostile.Check(t, "stdout", te.out.Bytes())
							if run.hidden == nil || !run.hidden(e) {
								shows(t, "output", te.out.String()+te.err.String(), e, run.text...)
							}
						}
						all := append(te.out.Bytes(), te.err.Bytes()...)
						hostile.CheckSigs(t, "output", all, hostile.Catalogue())
					})
				}
			})
		}
	}
}

// status, login --with-key and logout with a hostile key name and display name.
func TestHostilePortalAccountCommands(t *testing.T) {
	for _, e := range hostile.Catalogue() {
		t.Run(e.Marker, func(t *testing.T) {
			t.Parallel()
			rig := newHostileRig(t, e, nil)
			ctx := context.Background()

			te := rig.env(t)
			delete(te.vars, "DOCSPACE_API_KEY")
			delete(te.vars, "DOCSPACE_BASE_URL")
			te.stdin(hostileKey + "\n")
			if code := Login(ctx, te.Env, LoginOptions{Portal: rig.url, WithKey: true}); code != onboard.EndDone {
				t.Errorf("login: ended %v\n%.3000s", code, te.err)
			}
			out := append(te.out.Bytes(), te.err.Bytes()...)
			hostile.Check(t, "login --with-key", out)
			hostile.CheckSigs(t, "login --with-key", out, hostile.Catalogue())
			shows(t, "login --with-key", string(out), e, "<admin@hostile.example>", `Key: "Key `)

			te.out.Reset()
			te.err.Reset()
			if code := Status(ctx, te.Env, StatusOptions{}); code != onboard.EndDone {
				t.Errorf("status: ended %v\n%.3000s", code, te.err)
			}
			out = append(te.out.Bytes(), te.err.Bytes()...)
			hostile.Check(t, "status", out)
			hostile.CheckSigs(t, "status", out, hostile.Catalogue())
			shows(t, "status", string(out), e, "<admin@hostile.example>", `Key:      "Key `)

			te.out.Reset()
			te.err.Reset()
			if code := Logout(ctx, te.Env, LogoutOptions{Portal: rig.url}); code != onboard.EndDone {
				t.Errorf("logout: ended %v\n%.3000s", code, te.err)
			}
			out = append(te.out.Bytes(), te.err.Bytes()...)
			hostile.Check(t, "logout", out)
			if bytes.Contains(out, []byte(hostileKey)) {
				t.Error("logout shows the key")
			}
		})
	}
}

// login --with-key and status when the portal refuses the key check with a hostile
// message, in each error envelope the client reads.
func TestHostilePortalAccountRefusals(t *testing.T) {
	forms := []struct{ name, ctype, body string }{
		{"error.message", "", `{"error":{"message":"Refused TOKEN"},"status":1,"statusCode":403}`},
		{"top-level message", "", `{"message":"Refused TOKEN","status":1,"statusCode":403}`},
		{"ProblemDetails", "application/problem+json", `{"title":"Refused TOKEN","status":403,"errors":{"FieldTOKEN":["Refused TOKEN"]}}`},
	}
	for _, form := range forms {
		for _, e := range hostile.Catalogue() {
			t.Run(form.name+"/"+e.Marker, func(t *testing.T) {
				t.Parallel()
				rig := newHostileRig(t, e, nil)
				rig.portal.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Status: http.StatusForbidden,
					ContentType: form.ctype, Body: strings.ReplaceAll(form.body, "TOKEN", e.Token)})
				ctx := context.Background()
				te := rig.env(t)
				delete(te.vars, "DOCSPACE_API_KEY")
				delete(te.vars, "DOCSPACE_BASE_URL")
				te.stdin(hostileKey + "\n")
				if code := Login(ctx, te.Env, LoginOptions{Portal: rig.url, WithKey: true}); code == onboard.EndDone {
					t.Errorf("login passed a refused key check")
				}
				out := append(te.out.Bytes(), te.err.Bytes()...)
				hostile.Check(t, "login --with-key", out)
				hostile.CheckSigs(t, "login --with-key", out, hostile.Catalogue())
				shows(t, "login --with-key", string(out), e, "Refused")

				te.out.Reset()
				te.err.Reset()
				te.remember(t, rig.url)
				te.store(t, rig.url, hostileKey)
				Status(ctx, te.Env, StatusOptions{})
				out = append(te.out.Bytes(), te.err.Bytes()...)
				hostile.Check(t, "status", out)
				hostile.CheckSigs(t, "status", out, hostile.Catalogue())
				shows(t, "status", string(out), e, "Refused")
			})
		}
	}
}
