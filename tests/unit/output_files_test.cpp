// SPDX-License-Identifier: Apache-2.0
// Files written whole or not at all (AtomicFile), and the run's files checked before anything is
// read: two outputs to one file, an output over an input, an input that is not a regular file.

#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/file_checks.h"
#include "core/atomic_file.h"
#include "core/secret_registry.h"
#include "core/usage_error.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sncheck-files-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  std::string read(const std::string& name) const {
    std::ifstream in(file(name));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path_),
                                                  std::filesystem::directory_iterator()));
  }

 private:
  std::string path_;
};

TEST(AtomicFile, CommitReplacesTheFileWhole) {
  TempDir dir;
  std::string path = dir.write("report.json", "old report\n");
  ::chmod(path.c_str(), 0640);
  {
    AtomicFile file(path, "report.json");
    file.stream() << "new ";
    EXPECT_EQ(dir.read("report.json"), "old report\n") << "nothing changes before commit";
    EXPECT_EQ(dir.entries(), 2u) << "the temporary sits beside it";
    file.stream() << "report\n";
    file.commit();
  }
  EXPECT_EQ(dir.read("report.json"), "new report\n");
  EXPECT_EQ(dir.entries(), 1u);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0640u) << "a replaced file keeps its permissions";
}

TEST(AtomicFile, AFileNeverCommittedLeavesTheOldOneAndNoTemporary) {
  TempDir dir;
  std::string path = dir.write("report.xml", "earlier good report\n");
  {
    AtomicFile file(path, "report.xml");
    file.stream() << "half a rep";
  }
  EXPECT_EQ(dir.read("report.xml"), "earlier good report\n");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(AtomicFile, TheSignalCleanupRemovesEveryTemporary) {
  TempDir dir;
  AtomicFile first(dir.file("a.json"), "a.json");
  AtomicFile second(dir.file("b.json"), "b.json");
  EXPECT_EQ(dir.entries(), 2u);
  remove_temporary_files();  // what the SIGINT/SIGTERM/SIGHUP handler calls
  EXPECT_EQ(dir.entries(), 0u);
  EXPECT_THROW(first.commit(), OutputError) << "a removed temporary is never renamed";
}

TEST(AtomicFile, ALinkToAReportStaysALink) {
  TempDir dir;
  std::string target = dir.write("real.md", "old\n");
  std::filesystem::create_symlink(target, dir.file("link.md"));
  AtomicFile file(dir.file("link.md"), "link.md");
  file.stream() << "new\n";
  file.commit();
  EXPECT_TRUE(std::filesystem::is_symlink(dir.file("link.md")));
  EXPECT_EQ(dir.read("real.md"), "new\n");
}

TEST(AtomicFile, WhatItWritesPassesTheRedactor) {
  TempDir dir;
  register_secret("Atomic-File-Secret-31");
  {
    AtomicFile file(dir.file("snap.json"), "snap.json");
    file.stream() << "{\"error\":\"Atomic-File-Secret-31\"}\n";
    file.commit();
  }
  forget_secrets();
  EXPECT_EQ(dir.read("snap.json"), "{\"error\":\"[redacted]\"}\n");
}

TEST(AtomicFile, AnUnwritableDirectoryIsAnOutputError) {
  EXPECT_THROW(AtomicFile("/nonexistent-dir/x.json", "x.json"), OutputError);
}

std::string files_error(const std::vector<NamedPath>& inputs,
                        const std::vector<NamedPath>& outputs) {
  try {
    check_run_files(inputs, outputs);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(RunFiles, TheSameOutputTwiceIsRefused) {
  TempDir dir;
  std::string report = dir.file("out.xml");
  EXPECT_THAT(files_error({}, {{report, "-o"}, {report, "--report junit"}}),
              HasSubstr("-o " + report + " and --report junit " + report + " name the same file"));
  // Spelled differently, not yet existing.
  EXPECT_THAT(files_error({}, {{report, "-o"}, {dir.file("./sub/../out.xml"), "--save-snapshot"}}),
              HasSubstr("name the same file"));
  dir.write("out.xml", "");
  std::filesystem::create_symlink(report, dir.file("alias.xml"));
  EXPECT_THAT(files_error({}, {{report, "-o"}, {dir.file("alias.xml"), "--report sarif"}}),
              HasSubstr("name the same file"));
  EXPECT_EQ(files_error({}, {{report, "-o"}, {dir.file("other.xml"), "--report sarif"}, {"", "x"}}),
            "");
}

TEST(RunFiles, AnOutputThatIsAnInputIsRefused) {
  TempDir dir;
  std::string password = dir.write("pw", "secret\n");
  ::link(password.c_str(), dir.file("hardlink").c_str());
  EXPECT_THAT(files_error({{password, "--password-file"}}, {{password, "-o"}}),
              HasSubstr("-o " + password + " is also --password-file " + password));
  EXPECT_THAT(files_error({{password, "--password-file"}}, {{dir.file("hardlink"), "-o"}}),
              HasSubstr("is also --password-file"));
}

TEST(RunFiles, InputsMustBeRegularFiles) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  EXPECT_THAT(files_error({{dir.file("fifo"), "--waivers"}}, {}),
              HasSubstr("--waivers " + dir.file("fifo") + ": is a FIFO, not a regular file"));
  EXPECT_THAT(files_error({{dir.file("missing"), "--config"}}, {}), HasSubstr("cannot be read"));
  EXPECT_THAT(files_error({}, {{dir.file("fifo"), "-o"}}), HasSubstr("is a FIFO"));
  EXPECT_THAT(files_error({{"/dev/null", "--snapshot"}}, {}), HasSubstr("is a device"));
}

TEST(RunFiles, ACheckDirHoldingAFifoIsRefused) {
  TempDir dir;
  dir.write("a.json", "{}");
  ASSERT_EQ(::mkfifo(dir.file("b.json").c_str(), 0600), 0);
  try {
    checks_dir_files(dir.file(""));
    ADD_FAILURE() << "no UsageError";
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("b.json is a FIFO, not a regular file"));
  }
}

}  // namespace
}  // namespace sncheck
