// Command startbench measures, through a pseudo-terminal, how long docspace-wizard
// takes from process start to its first painted frame, beside a minimal Bubble Tea v2
// program painting one line (internal/startbench/minimal), runs interleaved on the
// same machine; and, with -mode memory, the wizard's peak RSS with many people on
// screen. scripts/bench-startup.sh and scripts/bench-memory.sh build and run it.
//
// A run starts the program in a pty of a fixed size, reads what it writes, strips the
// escape sequences and white space, and stops the clock at the first read after
// which the marker text is visible; then it kills the program.
//
// The wizard runs in several set-ups, each made so that anything slow done before the
// first frame would show: the portal is a socket that accepts and never answers, the
// keyring's D-Bus is a socket that never answers, and one probe serves the settings
// file through a FIFO that answers only after -slow.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// options are the command-line flags.
type options struct {
	mode           string
	wizard         string
	minimal        string
	runs, warmup   int
	cols, rows     int
	timeout        time.Duration
	slow           time.Duration
	invitees       int
	settle         time.Duration
	wizardMarker   string
	minimalMarker  string
	skipSlowProbes bool
}

func main() {
	var o options
	flag.StringVar(&o.mode, "mode", "startup", "what to measure: startup or memory")
	flag.StringVar(&o.wizard, "wizard", "", "path of the built docspace-wizard `binary`")
	flag.StringVar(&o.minimal, "minimal", "", "path of the built internal/startbench/minimal `binary`")
	flag.IntVar(&o.runs, "runs", 20, "measured runs of each program")
	flag.IntVar(&o.warmup, "warmup", 2, "runs of each program before measuring (not counted)")
	flag.IntVar(&o.cols, "cols", 120, "terminal width")
	flag.IntVar(&o.rows, "rows", 40, "terminal height")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Second, "give up on a run after this long")
	flag.DurationVar(&o.slow, "slow", time.Second, "how long the settings-file probe makes the file take to read")
	flag.IntVar(&o.invitees, "invitees", 10000, "memory mode: people in the --invite-file")
	flag.DurationVar(&o.settle, "settle", 3*time.Second, "memory mode: how long to keep the wizard running on each screen")
	flag.StringVar(&o.wizardMarker, "wizard-marker", "DocSpace", "text of the wizard's first frame (its header)")
	flag.StringVar(&o.minimalMarker, "minimal-marker", "Hello from a minimal Bubble Tea program", "text of the minimal program's frame")
	flag.BoolVar(&o.skipSlowProbes, "no-probes", false, "skip the slow settings-file probe")
	flag.Parse()
	if o.wizard == "" || o.minimal == "" {
		fmt.Fprintln(os.Stderr, "startbench: -wizard and -minimal are required (scripts/bench-startup.sh builds both)")
		os.Exit(2)
	}
	var err error
	switch o.mode {
	case "startup":
		err = startup(o)
	case "memory":
		err = memory(o)
	default:
		err = fmt.Errorf("unknown -mode %q: use startup or memory", o.mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "startbench:", err)
		os.Exit(1)
	}
}

// scenario is one program in one set-up.
type scenario struct {
	name   string
	path   string
	args   []string
	env    []string
	marker string
	// around, when set, runs beside each run (started before the process, stopped after).
	around func(ctx context.Context)
	times  []time.Duration
}

// baseEnv is a clean environment: a known terminal, an empty home and config directory.
func baseEnv(home string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
	}
}

// silentListener accepts connections and never answers them, until closed.
type silentListener struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func listenSilently(network, addr string) (*silentListener, error) {
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	s := &silentListener{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s, nil
}

func (s *silentListener) Close() {
	_ = s.ln.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
}

// slowFIFO serves "{}" through the FIFO at path to every reader, but only once
// delay has passed since it started; it stops when ctx ends.
func slowFIFO(path string, delay time.Duration) func(ctx context.Context) {
	return func(ctx context.Context) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		for ctx.Err() == nil {
			// Non-blocking: fails at once while nobody has the FIFO open for reading.
			f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
			if err == nil {
				_, _ = f.WriteString("{}\n")
				_ = f.Close()
			}
			select {
			case <-ctx.Done():
			case <-time.After(2 * time.Millisecond):
			}
		}
	}
}

func startup(o options) error {
	tmp, err := os.MkdirTemp("", "startbench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }() // best effort: a temp dir
	mkhome := func(name string) (string, error) {
		h := filepath.Join(tmp, name)
		return h, os.MkdirAll(filepath.Join(h, ".config"), 0o700)
	}

	portal, err := listenSilently("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer portal.Close()
	bus, err := listenSilently("unix", filepath.Join(tmp, "bus"))
	if err != nil {
		return err
	}
	defer bus.Close()
	portalURL := "http://" + portal.ln.Addr().String()
	silentBus := "DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(tmp, "bus")
	fakeKey := "DOCSPACE_API_KEY=sk-" + strings.Repeat("0123456789abcdef", 2)

	var scs []*scenario
	add := func(name, path string, args []string, home string, extra ...string) *scenario {
		sc := &scenario{name: name, path: path, args: args, env: append(baseEnv(home), extra...), marker: o.wizardMarker}
		scs = append(scs, sc)
		return sc
	}
	h, err := mkhome("minimal")
	if err != nil {
		return err
	}
	add("minimal Bubble Tea v2 program", o.minimal, nil, h).marker = o.minimalMarker
	if h, err = mkhome("env"); err != nil {
		return err
	}
	add("wizard: key in env, portal never answers", o.wizard, nil, h, "DOCSPACE_BASE_URL="+portalURL, fakeKey, silentBus)
	if h, err = mkhome("keyring"); err != nil {
		return err
	}
	add("wizard: key from keyring, D-Bus never answers", o.wizard, nil, h, "DOCSPACE_BASE_URL="+portalURL, silentBus)
	if h, err = mkhome("demo"); err != nil {
		return err
	}
	add("wizard: --demo (in-process portal)", o.wizard, []string{"--demo"}, h, silentBus)
	if !o.skipSlowProbes {
		if h, err = mkhome("slowsettings"); err != nil {
			return err
		}
		dir := filepath.Join(h, ".config", "docspace-wizard")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		fifo := filepath.Join(dir, "settings.json")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			return fmt.Errorf("making the settings FIFO: %w", err)
		}
		sc := add(fmt.Sprintf("probe: settings file takes %v to read", o.slow), o.wizard, nil, h,
			"DOCSPACE_BASE_URL="+portalURL, fakeKey, silentBus)
		sc.around = slowFIFO(fifo, o.slow)
	}

	fmt.Printf("start-up to first frame, %d runs each after %d warm-up, interleaved, pty %dx%d\n", o.runs, o.warmup, o.cols, o.rows)
	for i := 0; i < o.warmup+o.runs; i++ {
		// Rotate the order so no program always runs first (or right after another).
		for k := range scs {
			sc := scs[(i+k)%len(scs)]
			d, err := measure(o, sc)
			if err != nil {
				return fmt.Errorf("%s, run %d: %w", sc.name, i+1, err)
			}
			if i >= o.warmup {
				sc.times = append(sc.times, d)
			}
		}
	}
	base := median(scs[0].times)
	fmt.Printf("\n%-48s %9s %9s %9s %9s  %s\n", "program", "median", "min", "p90", "max", "ratio (median / minimal's median)")
	for _, sc := range scs {
		m := median(sc.times)
		fmt.Printf("%-48s %9s %9s %9s %9s  %.2f\n", sc.name, msStr(m), msStr(slices.Min(sc.times)), msStr(percentile(sc.times, 90)),
			msStr(slices.Max(sc.times)), float64(m)/float64(base))
	}
	return nil
}

// measure runs sc once and returns the time from start to its marker.
func measure(o options, sc *scenario) (time.Duration, error) {
	r, err := start(o, sc)
	if err != nil {
		return 0, err
	}
	defer r.stop()
	return r.waitFor(sc.marker, 0, o.timeout)
}

// running is a program started in a pty.
type running struct {
	cmd   *exec.Cmd
	tty   *os.File
	start time.Time
	stopA context.CancelFunc

	mu     sync.Mutex
	out    []byte
	reads  chan struct{} // signalled after each read
	closed bool
	doneA  chan struct{}
	once   sync.Once
}

func start(o options, sc *scenario) (*running, error) {
	cmd := exec.Command(sc.path, sc.args...)
	cmd.Env = sc.env
	actx, stopA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	if sc.around != nil {
		go func() { defer close(doneA); sc.around(actx) }()
	} else {
		close(doneA)
	}
	r := &running{cmd: cmd, reads: make(chan struct{}, 1), stopA: stopA, doneA: doneA}
	r.start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(o.cols), Rows: uint16(o.rows)})
	if err != nil {
		stopA()
		return nil, fmt.Errorf("starting %s: %w", sc.path, err)
	}
	r.tty = tty
	go r.read()
	return r, nil
}

// read keeps draining the pty (a full pty would block the program).
func (r *running) read() {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.tty.Read(buf)
		r.mu.Lock()
		r.out = append(r.out, buf[:n]...)
		if err != nil {
			r.closed = true
		}
		r.mu.Unlock()
		select {
		case r.reads <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

// squash is text as seen on screen with the escape sequences and white space removed,
// so a renderer that moves the cursor instead of printing spaces still matches.
func squash(b []byte) string {
	return strings.Join(strings.Fields(ansi.Strip(string(b))), "")
}

// waitFor returns the time from start to the first read after which marker shows in
// the output written since byte from.
func (r *running) waitFor(marker string, from int, timeout time.Duration) (time.Duration, error) {
	want := strings.Join(strings.Fields(marker), "")
	deadline := time.After(timeout)
	for {
		r.mu.Lock()
		seen, closed := squash(r.out[min(from, len(r.out)):]), r.closed
		at := time.Since(r.start)
		r.mu.Unlock()
		if strings.Contains(seen, want) {
			return at, nil
		}
		if closed {
			return 0, fmt.Errorf("the program ended before showing %q; it wrote:\n%s", marker, tail(r.output(), 2000))
		}
		select {
		case <-r.reads:
		case <-deadline:
			return 0, fmt.Errorf("%q did not show within %v; the screen so far:\n%s", marker, timeout, tail(r.output(), 2000))
		}
	}
}

// mark is the number of bytes written so far.
func (r *running) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.out)
}

func (r *running) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return ansi.Strip(string(r.out))
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// send writes keys as a terminal would.
func (r *running) send(keys string) error {
	_, err := io.WriteString(r.tty, keys)
	return err
}

// stop kills the program and waits for it; it may be called more than once.
func (r *running) stop() {
	r.once.Do(func() {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		_ = r.tty.Close()
		r.stopA()
		<-r.doneA
	})
}

// memKB reads a "VmXxx:  123 kB" line of /proc/<pid>/status.
func memKB(pid int, field string) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte(field+":")); ok {
			f := strings.Fields(string(v))
			if len(f) == 0 {
				break
			}
			return strconv.Atoi(f[0])
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// memory measures the wizard's peak RSS with -invitees people on screen, two ways:
// read from an --invite-file (it opens on the review; then back to the people step,
// scrolling and typing), and pasted into the people step through the terminal
// (bracketed paste), which also times the paste from the first byte to the frame.
func memory(o options) error {
	tmp, err := os.MkdirTemp("", "startbench-mem-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }() // best effort: a temp dir
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o700); err != nil {
		return err
	}
	var csv, paste strings.Builder
	csv.WriteString("email,access,name\n")
	for i := range o.invitees {
		fmt.Fprintf(&csv, "person%05d@memory.example,viewer,Person %d\n", i, i)
		fmt.Fprintf(&paste, "person%05d@memory.example\n", i)
	}
	file := filepath.Join(tmp, "people.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		return err
	}
	bus, err := listenSilently("unix", filepath.Join(tmp, "bus"))
	if err != nil {
		return err
	}
	defer bus.Close()
	env := append(baseEnv(home), "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(tmp, "bus"))
	people := fmt.Sprintf("%d people", o.invitees)

	// 1. From a file.
	sc := &scenario{
		path:   o.wizard,
		args:   []string{"--demo", "--title", "Memory test", "--type", "collaboration", "--invite-file", file},
		env:    env,
		marker: people,
	}
	fmt.Printf("docspace-wizard --demo --title 'Memory test' --type collaboration --invite-file <%d rows>, pty %dx%d\n", o.invitees, o.cols, o.rows)
	r, err := start(o, sc)
	if err != nil {
		return err
	}
	defer r.stop()
	d, err := r.waitFor(sc.marker, 0, o.timeout)
	if err != nil {
		return err
	}
	fmt.Printf("  review shows %q %v after start\n", people, d.Round(time.Millisecond))
	time.Sleep(o.settle)
	hwmReview, err := memKB(r.cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	from := r.mark()
	for range 3 { // review → notify → access → people
		if err := r.send("\x1b"); err != nil {
			return err
		}
		time.Sleep(300 * time.Millisecond)
	}
	if _, err := r.waitFor("People to invite", from, o.timeout); err != nil {
		return fmt.Errorf("going back to the people step: %w", err)
	}
	if err := r.typeAround(); err != nil {
		return err
	}
	time.Sleep(o.settle)
	hwmFile, err := memKB(r.cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	r.stop()
	fmt.Printf("  peak RSS (VmHWM) on the review:                          %5.1f MB\n", float64(hwmReview)/1024)
	fmt.Printf("  peak RSS (VmHWM) after the people step, scrolled, typed: %5.1f MB\n", float64(hwmFile)/1024)

	// 2. Pasted.
	sc = &scenario{
		path:   o.wizard,
		args:   []string{"--demo", "--title", "Memory test", "--type", "collaboration"},
		env:    env,
		marker: "People to invite",
	}
	fmt.Printf("docspace-wizard --demo --title 'Memory test' --type collaboration, %d addresses pasted (bracketed paste)\n", o.invitees)
	r, err = start(o, sc)
	if err != nil {
		return err
	}
	defer r.stop()
	if _, err := r.waitFor(sc.marker, 0, o.timeout); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond) // the key check and first look-ups settle
	from = r.mark()
	t0 := time.Now()
	if err := r.send("\x1b[200~" + paste.String() + "\x1b[201~"); err != nil {
		return err
	}
	if _, err := r.waitFor(people, from, o.timeout); err != nil {
		return fmt.Errorf("after the paste: %w", err)
	}
	took := time.Since(t0)
	if err := r.typeAround(); err != nil {
		return err
	}
	time.Sleep(o.settle)
	hwmPaste, err := memKB(r.cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	r.stop()
	fmt.Printf("  paste of %d KB: %q on screen %v after its first byte was written\n", paste.Len()>>10, people, took.Round(time.Millisecond))
	fmt.Printf("  peak RSS (VmHWM) after the paste, scrolled, typed:      %5.1f MB\n", float64(hwmPaste)/1024)

	// The yardstick: the minimal program's peak RSS on the same machine.
	msc := &scenario{path: o.minimal, env: baseEnv(home), marker: o.minimalMarker}
	mr, err := start(o, msc)
	if err != nil {
		return err
	}
	defer mr.stop()
	if _, err := mr.waitFor(msc.marker, 0, o.timeout); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	mh, err := memKB(mr.cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	fmt.Printf("minimal Bubble Tea v2 program, for scale: peak RSS (VmHWM) %.1f MB\n", float64(mh)/1024)
	return nil
}

// typeAround pages down three times, types and deletes a character in the middle and
// at the end of the people area.
func (r *running) typeAround() error {
	for _, k := range []string{"\x1b[6~", "\x1b[6~", "\x1b[6~", "x", "\x7f", "\x1b[1;5F", "x", "\x7f"} {
		if err := r.send(k); err != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

func median(ds []time.Duration) time.Duration { return percentile(ds, 50) }

// percentile is the nearest-rank percentile p of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func msStr(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
