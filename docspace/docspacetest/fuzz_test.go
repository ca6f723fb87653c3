package docspacetest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// FuzzShareBody sends arbitrary share bodies: the portal must answer every one with a
// known status and a JSON body, and never let a refused request change a member it did not reach.
func FuzzShareBody(f *testing.F) {
	for _, s := range []string{
		`{"invitations":[{"id":"44444444-4444-4444-8444-444444444444","access":10}],"notify":true}`,
		`{"invitations":[{"email":"a@b.example","access":"Editing"},{"email":"x","access":2}]}`,
		`{"invitations":[{"email":"a@b.example","access":9}]}`,
		`{"invitations":[{"access":1e99}]}`,
		`{"invitations":null}`, `[]`, `{`, ``, `{"invitations":[{"id":"","email":null,"access":true}]}`,
	} {
		f.Add(s)
	}
	clk := &clock{now: t0}
	p := New(append(fixture(clk), WithMaxRecorded(1))...)
	id := p.AddRoom("Fuzz", docspace.RoomCustom)
	path := roomPath(id) + "/share"
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPut, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+keyOwner)
		w := httptest.NewRecorder()
		p.ServeHTTP(w, req)
		switch w.Code {
		case 200, 400, 403, 404:
		default:
			t.Fatalf("status %d for %q", w.Code, body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %q", w.Body)
		}
		if len(p.Members(id)) == 0 {
			t.Fatal("the owner was removed")
		}
	})
}

func FuzzParseAccess(f *testing.F) {
	for _, s := range []string{`10`, `"Editing"`, `"editor"`, `null`, `-1`, `2.5`, `"9"`, `{}`, `99999999999`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		a, ok := parseAccess(json.RawMessage(raw))
		var s string
		if !ok || json.Unmarshal([]byte(raw), &s) != nil {
			return
		}
		// A string is a number, a level's name (any case), or else None: never anything else.
		s = strings.TrimSpace(s)
		if n, err := strconv.Atoi(s); err == nil {
			if a != docspace.Access(n) {
				t.Fatalf("%q parsed to %d", raw, a)
			}
		} else if a != docspace.AccessNone && !strings.EqualFold(a.APIName(), s) {
			t.Fatalf("%q parsed to %d", raw, a)
		}
	})
}
