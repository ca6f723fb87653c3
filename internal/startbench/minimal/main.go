// Command minimal is the yardstick for start-up time: the smallest Bubble Tea v2
// program that paints one line. internal/startbench starts it beside the wizard.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

// model paints one line and quits on q or Ctrl+C.
type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "q" || k.String() == "ctrl+c") {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() tea.View { return tea.NewView("Hello from a minimal Bubble Tea program") }

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
