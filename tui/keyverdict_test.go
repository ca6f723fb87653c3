package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// readOnlyKey is a key the test portal knows, without rooms:write.
const readOnlyKey = "sk-2eadfec90000000000000000000000002"

// A key without rooms:write is refused by the wizard's key step with the sentence
// login, --yes and status give, and is not stored.
func TestPortalStepRefusesAKeyWithoutRoomsWriteAsLoginDoes(t *testing.T) {
	fp := newFakePortal()
	fp.info.Permissions = []string{"rooms:read", "accounts:read"}
	st := newTestState(t, fp)
	st.portal, st.client, st.keyStatus, st.key = "", nil, keyMissing, ""
	keys := &fakeKeys{keys: map[string]string{}}
	st.opts.Keys = keys
	s := newPortalStep(st)
	collect(s.enter())
	typeInto(s, testPortal)
	press(s, "tab")
	typeInto(s, goodKey) // the fake portal's key, with its scopes set above
	pending := collect(s.Update(keyMsg("enter")))
	for len(pending) > 0 {
		m := pending[0]
		pending = pending[1:]
		if c, ok := m.(keyCheckedMsg); ok && keyProblem(c.info, c.err) != "" {
			st.keyStatus = keyBad // what the root does before handing the answer on
		}
		if _, ok := m.(keyReadyMsg); ok {
			t.Fatal("a key without rooms:write was accepted")
		}
		if _, ok := m.(spinner.TickMsg); ok {
			continue
		}
		pending = append(pending, collect(s.Update(m))...)
	}
	want := onboard.KeyVerdict{Verdict: onboard.KeyLacksScope}.Sentence()
	if view := strings.Join(strings.Fields(ansi.Strip(s.View())), " "); !strings.Contains(view, want) {
		t.Errorf("the key step does not say %q:\n%s", want, s.View())
	}
	if keys.sets != 0 {
		t.Errorf("the key was stored (%d sets)", keys.sets)
	}
}

// --accessible says the same and ends with exit 4.
func TestAccessibleRefusesAKeyWithoutRoomsWriteAsLoginDoes(t *testing.T) {
	p, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	p.AddKey(docspacetest.NewKey(readOnlyKey, "rooms:read", "accounts:read"))
	var out bytes.Buffer
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Getenv:     envOf("DOCSPACE_API_KEY", readOnlyKey),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k, docspace.WithHTTPClient(srv.Client())) },
		Accessible: true,
		In:         strings.NewReader(""),
		Out:        &out,
	})
	if code != onboard.EndKeyRefused {
		t.Errorf("ended %v, want %v", code, onboard.EndKeyRefused)
	}
	want := onboard.KeyVerdict{Verdict: onboard.KeyLacksScope}.Sentence()
	if !strings.Contains(out.String(), want) {
		t.Errorf("--accessible does not say %q:\n%s", want, out.String())
	}
}
