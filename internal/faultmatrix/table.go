package faultmatrix

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// Table collects what every case of a fault matrix showed, so the test can write it as
// a golden file that RELIABILITY.md links to instead of pasting test output.
type Table struct {
	title, legend  string
	phases, faults []string
	withText       bool

	mu    sync.Mutex
	cells map[[3]string]cell
}

type cell struct {
	code, text string
}

// NewTable is an empty table; legend says what the codes in its cells mean; withText
// adds, per phase, what the user read in every case.
func NewTable(title, legend string, withText bool) *Table {
	return &Table{title: title, legend: legend, withText: withText, cells: map[[3]string]cell{}}
}

// Run runs one phase × fault in both modes as parallel subtests named
// "<phase>/<fault>/<mode>" and records what each returned: its outcome code and what
// the user read ("" when the fault was survived). Rows and columns keep the order of
// the calls.
func (t *Table) Run(tt *testing.T, phase, fault string, run func(t *testing.T, mode Mode) (code, text string)) {
	t.mu.Lock()
	if !slices.Contains(t.phases, phase) {
		t.phases = append(t.phases, phase)
	}
	if !slices.Contains(t.faults, fault) {
		t.faults = append(t.faults, fault)
	}
	t.mu.Unlock()
	for _, mode := range Modes() {
		tt.Run(phase+"/"+fault+"/"+mode.Name, func(st *testing.T) {
			st.Parallel()
			code, text := run(st, mode)
			t.record(phase, fault, mode.Name, code, text)
		})
	}
}

// varying are the parts of a message that change from run to run: the loopback port,
// and which of the two concurrent share calls met the fault first.
var varying = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`127\.0\.0\.1:\d+`), "127.0.0.1:PORT"},
	{regexp.MustCompile(`Batch [12] of 2`), "Batch N of 2"},
}

// record notes one case; safe for parallel subtests.
func (t *Table) record(phase, fault, mode, code, text string) {
	for _, v := range varying {
		text = v.re.ReplaceAllString(text, v.with)
	}
	text = strings.ReplaceAll(strings.TrimSpace(text), "\n", "<br>")
	text = strings.ReplaceAll(text, "|", `\|`)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cells[[3]string{phase, fault, mode}] = cell{code: code, text: text}
}

// Complete reports whether every case was recorded: a run filtered with -run leaves
// the table partial, and a partial table is not compared.
func (t *Table) Complete() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.cells) == len(t.phases)*len(t.faults)*len(Modes())
}

// Markdown is the table as the golden file holds it: the exit-code grid, then (with
// text) one section per phase with what the user read when the fault persisted.
func (t *Table) Markdown() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", t.title, t.legend)
	fmt.Fprintf(&b, "| fault (once / always) | %s |\n|---|%s\n", strings.Join(t.phases, " | "), strings.Repeat("---|", len(t.phases)))
	for _, f := range t.faults {
		row := []string{f}
		for _, p := range t.phases {
			row = append(row, t.cells[[3]string{p, f, "once"}].code+" / "+t.cells[[3]string{p, f, "always"}].code)
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
	}
	if !t.withText {
		return b.String()
	}
	for _, p := range t.phases {
		fmt.Fprintf(&b, "\n## %s\n\n| fault | once | always: code, then what the user reads |\n|---|---|---|\n", p)
		for _, f := range t.faults {
			once, always := t.cells[[3]string{p, f, "once"}], t.cells[[3]string{p, f, "always"}]
			o := once.code + ", same text"
			switch {
			case once.text == "":
				o = once.code + ", survived"
			case once.text != always.text:
				o = once.code + ": " + once.text
			}
			fmt.Fprintf(&b, "| %s | %s | %s: %s |\n", f, o, always.code, always.text)
		}
	}
	return b.String()
}

// Golden compares the table with testdata/<test name>.golden (go test -update rewrites
// it). Call it from the test's Cleanup, after the parallel cases. Only a whole matrix is
// compared, and only where the resolver answers "no such host" for portal.invalid as
// the golden file's machine did (elsewhere the DNS row differs by design).
func (t *Table) Golden(tb testing.TB, dnsNotFound bool) {
	tb.Helper()
	switch {
	case tb.Failed():
		tb.Log("a case failed: the table is not compared")
	case !t.Complete():
		tb.Log("a filtered run: the table is not compared")
	case !dnsNotFound:
		tb.Log(`this resolver does not answer "no such host" for portal.invalid: the table is not compared`)
	default:
		golden.RequireEqual(tb, t.Markdown())
	}
}
