package main

import (
	"github.com/spf13/cobra"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// undoCmd is `docspace-wizard undo [RUN]`: reverse one recorded run.
func undoCmd(env cli.Env) *cobra.Command {
	var o cli.UndoOptions
	c := &cobra.Command{
		Use:   "undo [RUN]",
		Short: "Reverse a run: remove the people it added, put back access it changed, archive rooms it created",
		Long: "Reverses one run from the history (the latest that wrote something when RUN is left out).\n" +
			"It first reads the rooms and shows exactly what it will change, then asks (--yes skips the\n" +
			"question). People the run added are removed from the room, access it changed is put back, and\n" +
			"a room it created is archived, never deleted. People who were members before that run are never\n" +
			"touched, and anyone whose access someone else changed since is left alone and named.\n" +
			"Running it again does only what is left.",
		Example: "docspace-wizard undo\ndocspace-wizard undo 20261127-140512-3fa1 --yes",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError("Give one run at most (its id from `docspace-wizard history`), not %q; see %s --help.", outside.Line(args[1], 40), c.CommandPath())
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Run = args[0]
			}
			// Ctrl+C stops the undo between requests, so it can say what it did.
			ctx, _, stop := notifyContext(c.Context())
			defer stop()
			return exitWith(cli.Undo(ctx, env, o))
		},
	}
	c.Flags().BoolVar(&o.Yes, "yes", false, "reverse without asking (for scripts)")
	return c
}
