package onboard

import (
	"fmt"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// readSettings reads the room option flags (flag name → each value given, in order)
// through their one definition (docspace.RoomSettings); each bad value is a problem
// naming its flag.
func readSettings(given map[string][]string) (docspace.RoomOptions, []string) {
	var (
		o  docspace.RoomOptions
		ps []string
	)
	for _, s := range docspace.RoomSettings() {
		for _, v := range given[s.Flag] {
			if err := s.Apply(&o, v); err != nil {
				ps = append(ps, fmt.Sprintf("--%s: %s.", s.Flag, err))
			}
		}
	}
	return o, ps
}

// settingsGiven names the room option flags given, for the sentence refusing them
// with --room.
func settingsGiven(given map[string][]string) []string {
	var out []string
	for _, s := range docspace.RoomSettings() {
		if len(given[s.Flag]) > 0 {
			out = append(out, "--"+s.Flag)
		}
	}
	return out
}

// SettingsLine is what a new room's options set, on one line ("Tags: a, b; File
// lifetime: 30 days"), or "" when they set nothing.
func SettingsLine(o docspace.RoomOptions) string { return strings.Join(o.Set(), "; ") }

// settingsOnExisting is the problem of room options given with --room.
func settingsOnExisting(flags []string) string {
	return fmt.Sprintf("%s set up a new room; --room adds people to an existing one: leave %s out, or create the room with --title and --type.",
		strings.Join(flags, ", "), map[bool]string{true: "it", false: "them"}[len(flags) == 1])
}
