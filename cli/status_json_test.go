package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// status --json says per portal what the text says: where the key comes from, the
// portal's verdict and the fix; the exit code is the text's, the key is nowhere.
func TestStatusJSONStates(t *testing.T) {
	_, portal := testPortal(t)
	_, other := testPortal(t)
	te := newTestEnv(t)
	te.remember(t, portal, other)
	te.store(t, portal, keyWrong)
	code := Status(context.Background(), te.Env, StatusOptions{JSON: true})
	if code != onboard.EndKeyRefused {
		t.Errorf("ended %v, want %v", code, onboard.EndKeyRefused)
	}
	var st statusJSON
	if err := json.Unmarshal(te.out.Bytes(), &st); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, te.out.String())
	}
	if st.DefaultPortal != portal || st.Works || len(st.Portals) != 2 {
		t.Fatalf("status: %+v", st)
	}
	rejected, none := st.Portals[0], st.Portals[1]
	if !rejected.Default || rejected.KeySource != "keyring" || rejected.State != "rejected" ||
		!strings.Contains(rejected.Problem, "it is wrong, revoked or expired") || !strings.Contains(rejected.Fix, "docspace-wizard login --portal "+portal) {
		t.Errorf("the rejected key's portal: %+v", rejected)
	}
	if none.Default || none.KeySource != "" || none.State != "no-key" || !strings.Contains(none.Fix, "docspace-wizard login --portal "+other) {
		t.Errorf("the portal with no key: %+v", none)
	}
	// The text goes nowhere; the closing sentence stays on stderr.
	if !strings.Contains(te.err.String(), "has no working API key") || strings.Contains(te.out.String(), "Key from:") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", te.out.String(), te.err.String())
	}
	assertSecretNowhere(t, te, keyWrong)
}
