package main

import (
	"github.com/spf13/cobra"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// historyCmd is `docspace-wizard history`: the runs that wrote something, newest first.
func historyCmd(env cli.Env) *cobra.Command {
	var o cli.HistoryOptions
	c := subcommand("history", "List the runs that created rooms or invited people, newest first",
		"Lists every run that wrote something (a room created, people invited, access changed), newest\n"+
			"first: its id, time, portal, rooms and what happened to the people. Undos are listed too.\n"+
			"The history is a file in your state directory (see `docspace-wizard status`); never the key.",
		"docspace-wizard history\ndocspace-wizard history --json",
		func(c *cobra.Command) onboard.End { return cli.History(c.Context(), env, o) })
	c.Flags().BoolVar(&o.JSON, "json", false, "print the records as JSON, newest first")
	return c
}
