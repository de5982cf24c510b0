#pragma once
// The command line's subcommands and their options (cli_options.cpp); main.cpp parses the
// arguments with them and runs the subcommand given. Not a public header.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "tienbo/app/application.hpp"
#include "tienbo/app/mail.hpp"
#include "tienbo/services/user_service.hpp"

namespace tienbo::app::cli {

//! What the command line was parsed into: the options' values, and the subcommands, one of
//! which was given.
struct CommandLine {
  std::string url;  //!< --db of every subcommand that opens a database
  std::string package = "vn-gender-equality";
  bool demo = false;
  bool status_only = false;
  ServeArgs serve_args;
  services::AddUserCommand add_cmd;
  std::string units_file;
  std::string units_dataset;
  std::string reminders_today;
  MailArgs mail_args;
  std::string mail_to;
  std::string demo_scale = "province";
  std::uint64_t demo_seed = 2026;
  int demo_from = 2021;

  CLI::App* version = nullptr;
  CLI::App* init = nullptr;
  CLI::App* migrate = nullptr;
  CLI::App* serve = nullptr;
  CLI::App* user_add = nullptr;
  CLI::App* units_import = nullptr;
  CLI::App* reminders_send = nullptr;
  CLI::App* mail_send = nullptr;
  CLI::App* mail_test = nullptr;
  CLI::App* demo_generate = nullptr;
  CLI::App* audit_verify = nullptr;
};

//! Adds every subcommand with its options to `app`, in the order `tienbo --help` lists them;
//! their values go into `cl`.
void add_commands(CLI::App& app, CommandLine& cl);

}  // namespace tienbo::app::cli
