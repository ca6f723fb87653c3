//go:build !wizard_panic_hook

package tui

import tea "charm.land/bubbletea/v2"

// panicHook does nothing: only a binary built with -tags wizard_panic_hook (the
// end-to-end test's) panics on purpose, to check the terminal is restored.
func panicHook(tea.Msg) {}
