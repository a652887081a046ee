// SPDX-License-Identifier: Apache-2.0
#pragma once
// One fetch_all call (a wave): a queue of page requests on the client's multi handle, at most
// `concurrency` HTTP requests in flight. Ready page GETs go out one request each, or, when more
// are ready than there are free slots (or with --batch), as Batch API requests spread over the
// free slots; every page's answer, however it came, is judged by the same status mapping,
// response parser and paging rules (ReadState).

#include <curl/curl.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fetch_error.h"
#include "core/fetch_stats.h"
#include "core/table_data.h"
#include "fetch/read_state.h"
#include "fetch/status_mapping.h"
#include "fetch/table_client.h"
#include "fetch/transfer.h"

namespace sncheck {

class FetchRun {
 public:
  FetchRun(const ClientConfig& config, FetchStats& stats, ClientMemory& memory, CURLM* multi,
           const std::vector<TableRead>& reads);
  std::vector<TableData> run();

 private:
  // fetch_run.cpp: the queue, plain GETs, answers, failures.
  void report_progress(bool always);
  void start_read(std::size_t index);
  void enqueue(PageRequest request);
  void admit_due();
  void start_plain(PageRequest request);
  // Adds it to the multi handle (and takes it) or throws, leaving it with the caller.
  void add_transfer(std::unique_ptr<Transfer>& transfer);
  void drain_done();
  void complete(Transfer& transfer, CURLcode result);
  void complete_plain(Transfer& transfer, CURLcode result);
  void on_answer(const PageRequest& request, PageAnswer answer);
  bool handle_status(const PageRequest& request, const PageAnswer& answer);
  ResponseFacts response_facts(const PageRequest& request, const PageAnswer& answer) const;
  FetchError failure_error(const Transfer& transfer, CURLcode result,
                           const std::string& table) const;
  void schedule_retry(const PageRequest& request, const PageAnswer& answer, double delay);
  void fail(std::size_t index, FetchError error);
  void fail_everything(const std::string& what);
  void fail_open_reads(const std::string& what);
  // Fails each page in flight or queued with the error made for its table, and stops them.
  void fail_every_page(const std::function<FetchError(const std::string&)>& error_for);
  FetchError stopped_error(const std::string& table) const;
  bool past_deadline() const;
  std::string deadline_error_text() const;
  long poll_timeout_ms() const;
  void log_answer(const PageRequest& request, const PageAnswer& answer,
                  const std::string& note) const;
  void log_failure(const std::string& what, const Transfer& transfer, CURLcode result) const;
  const std::string& table_of(const PageRequest& request) const;

  // batch_dispatch.cpp: which ready GETs go in batches, and what a batch's answer means.
  void start_batches(std::vector<PageRequest>& due, std::size_t free_slots);
  bool batchable(const PageRequest& request) const;
  void start_batch(std::vector<PageRequest> pages);
  void complete_batch(Transfer& transfer, CURLcode result);
  void resend_plain(std::vector<PageRequest> pages, double delay_seconds);
  void batch_unavailable(const std::string& why, std::vector<PageRequest> pages);

  const ClientConfig& config_;
  FetchStats& stats_;
  ClientMemory& memory_;
  CURLM* multi_;  // the client's: its connection cache outlives one wave
  PagingContext paging_;
  std::vector<ReadState> reads_;
  std::deque<PageRequest> queue_;
  std::map<CURL*, std::unique_ptr<Transfer>> active_;
  std::optional<FetchError> stop_;  // a connection-level failure: start nothing more
  std::size_t progress_reported_ = 0;
};

}  // namespace sncheck
