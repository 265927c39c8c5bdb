// OperatorData — the app's side of the operator panels (docs/operator-panels.md): the bounded property history
// the trends chart plots (fed with every live feed delta), an archive of older history read from a recording on a
// worker thread (with progress), the KPI board computed from the scene file's `kpis`, the alarm journal, and the
// trend thresholds and ranges taken from the scene file. The live twin owns one and feeds it; both front ends (the
// desktop window and the headset's hand panel) hand it to the panels through ViewerUiModel.
//
// Live data only goes into history, the live KPI board and the journal: while the timeline shows a past moment the
// runtime holds that moment's state, so KPIs are computed into a separate "moment" board and the journal (a record
// of what happened live) is left alone.
//
// Main thread, except the history loader's worker, which only touches its own store until it hands it over.
#pragma once

#include "app/cli_options.h"
#include "net/record/feed_recording.h"
#include "ops/alarms/alarm_journal.h"
#include "ops/history/history_store.h"
#include "ops/kpi/kpi_board.h"
#include "ops/timeline/twin_compare.h"
#include "twin/scene_file.h"
#include "twin/twin_runtime.h"
#include "ui/trends_panel.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tv::app {

class OperatorData {
public:
    // KPI expressions are checked here: a bad one is logged as one error line naming the scene file, the KPI and
    // the column, and the viewer runs without KPI tiles. `--history FILE` (options.history) starts loading now.
    OperatorData(const twin::SceneFile& file, const Options& options); // `file` must outlive it
    ~OperatorData(); // waits for a running history load (it cannot be interrupted mid-file)
    OperatorData(const OperatorData&) = delete;
    OperatorData& operator=(const OperatorData&) = delete;

    // Every live delta of every feed (LiveTwin's delta observer), before the next update().
    void observe(const net::FeedDelta& delta);
    // Once per frame after the runtime was updated. `atMoment`: the runtime shows a past moment (see above).
    void update(const twin::TwinRuntime& runtime, uint64_t twinNowUs, double runtimeSeconds, bool atMoment);

    // Reads older history from a recording on a worker; progress and the outcome show in historyLoad(). A request
    // while one runs is refused with a message in the status.
    void requestHistoryLoad(const std::string& path);

    // The recording a finished history load read, once (the live twin attaches it to the timeline as older history).
    std::shared_ptr<const net::FeedRecording> takeLoadedRecording() { return std::move(m_loadedRecording); }

    // The comparative view's last result (computed by stepOperatorPanels when the panel asks).
    struct CompareResult {
        ops::Comparison comparison;
        std::string error;
        uint64_t serial = 0;     // the panel's requestSerial it answers
        bool computed = false;   // false until the first request
        uint64_t tintSerial = 0; // the result whose tints are on the scene (0 = none)
    };
    CompareResult& compare() { return m_compare; }
    const CompareResult& compare() const { return m_compare; }

    const ops::HistoryStore& history() const { return m_history; }
    const ops::HistoryStore* archive() const { return m_archive.get(); } // null until a load finished
    ui::HistoryLoadProgress historyLoad() const;
    const ops::KpiBoard* kpis() const; // the board the tiles show now (live, or the moment's); null without KPIs
    const ops::AlarmJournal& journal() const { return m_journal; }
    std::span<const ui::TrendThreshold> trendThresholds() const { return m_thresholds; }
    std::span<const ui::TrendRange> trendRanges() const { return m_ranges; }

private:
    void finishLoadIfDone();

    const twin::SceneFile& m_file;
    ops::HistoryStore m_history;
    std::unique_ptr<ops::HistoryStore> m_archive;
    std::optional<ops::KpiBoard> m_kpis;       // live
    std::optional<ops::KpiBoard> m_momentKpis; // recomputed while at a moment
    bool m_wasAtMoment = false;
    ops::AlarmJournal m_journal;
    std::vector<ui::TrendThreshold> m_thresholds;
    std::vector<ui::TrendRange> m_ranges;
    CompareResult m_compare;

    // History loader (worker thread): progress is shared, the store is handed over when it finishes.
    mutable std::mutex m_loadMutex;
    ui::HistoryLoadProgress m_load;
    std::unique_ptr<ops::HistoryStore> m_loading;
    std::shared_ptr<const net::FeedRecording> m_loadingRecording, m_loadedRecording;
    std::atomic<bool> m_loadDone{false};
    std::thread m_loader;
};

} // namespace tv::app
