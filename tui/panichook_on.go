//go:build wizard_panic_hook

package tui

import tea "charm.land/bubbletea/v2"

// panicHook panics inside Update when F12 is pressed. It exists only in binaries built
// with -tags wizard_panic_hook, for the end-to-end test that checks Bubble Tea's own
// recovery puts the terminal back out of raw mode.
func panicHook(msg tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "f12" {
		panic("test panic hook: F12 pressed")
	}
}
