package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/planfile"
)

func TestApplyCommandExitCodes(t *testing.T) {
	p, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	vars := map[string]string{"DOCSPACE_BASE_URL": srv.URL, "DOCSPACE_API_KEY": docspacetest.DemoKey}
	env := cli.Env{ConfigDir: t.TempDir(), Getenv: func(k string) string { return vars[k] }, HTTPClient: srv.Client()}
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"apply"}, 2, "Give the plan file to apply"},
		{[]string{"apply", "a.yaml", "b.yaml"}, 2, `Unexpected argument "b.yaml"`},
		{[]string{"apply", "no-such-file.yaml", "--yes"}, 2, "there is no such file"},
		{[]string{"apply", "planfile/testdata/five-errors.yaml", "--yes"}, 2, "fix 5 problems"},
		{[]string{"apply", "examples/cohort.yaml"}, 2, "Run again with --yes"}, // no terminal to ask
		{[]string{"apply", "examples/cohort.yaml", "--yes"}, 0, "Applied: 2 rooms created"},
		{[]string{"apply", "examples/cohort.yaml", "--yes"}, 0, "Nothing to do"},
	}
	for _, tt := range tests {
		code, out, errs := runCmd(env, tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.says) {
			t.Errorf("%v: exit %d, want %d saying %q\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, tt.says, out, errs)
		}
	}
	if n := p.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 2 {
		t.Errorf("%d rooms created over all the runs, want 2", n)
	}
}

// A plan file names room types and access levels as the flags do.
func TestPlanFilesNameWhatTheFlagsName(t *testing.T) {
	names := func(completions []string) []string {
		out := make([]string, len(completions))
		for i, c := range completions {
			out[i], _, _ = strings.Cut(c, "\t")
		}
		slices.Sort(out)
		return out
	}
	keys := func(m []string) []string { slices.Sort(m); return m }
	var types, levels []string
	for n := range planfile.TypeNames {
		types = append(types, n)
	}
	for n := range planfile.AccessNames {
		levels = append(levels, n)
	}
	if got, want := keys(types), names(roomTypeCompletions()); !slices.Equal(got, want) {
		t.Errorf("plan file types %v, --type takes %v", got, want)
	}
	if got, want := keys(levels), names(accessCompletions()); !slices.Equal(got, want) {
		t.Errorf("plan file access levels %v, --access takes %v", got, want)
	}
}
