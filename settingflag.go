package main

import (
	"strings"

	"github.com/docspace-wizard/docspace-wizard/cli"
)

// settingFlag is a room option's flag (docspace.RoomSettings): each value given is
// kept as typed, in order, for onboard to read through the option's one definition.
type settingFlag struct {
	opts   *cli.RunOptions
	flag   string
	isBool bool
}

func (s *settingFlag) Set(v string) error {
	if s.opts.Settings == nil {
		s.opts.Settings = map[string][]string{}
	}
	s.opts.Settings[s.flag] = append(s.opts.Settings[s.flag], v)
	return nil
}

func (s *settingFlag) String() string {
	if s.opts == nil {
		return ""
	}
	return strings.Join(s.opts.Settings[s.flag], ",")
}

func (s *settingFlag) Type() string {
	if s.isBool {
		return "bool"
	}
	return "string"
}
