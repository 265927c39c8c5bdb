// OperatorData (operator_data.h): history, archive loading, KPI boards, alarm journal, thresholds from the scene file.
#include "app/operator_data.h"

#include "core/log.h"
#include "net/record/feed_recording.h"
#include "ops/history/history_loader.h"

#include <variant>

namespace tv::app {

namespace {

// Threshold bindings become dashed lines on the chart; declared min/max become the ranges normalised series use.
void collectTrendMarks(const twin::SceneFile& file, std::vector<ui::TrendThreshold>& thresholds,
                       std::vector<ui::TrendRange>& ranges) {
    for (const twin::Binding& b : file.bindings) {
        const auto* t = std::get_if<twin::ThresholdBinding>(&b.spec);
        if (!t) continue;
        ui::TrendThreshold mark;
        mark.key = {b.entity, b.property};
        mark.value = t->limit;
        mark.label = t->above ? "high" : "low";
        mark.severity = twin::alarmSeverity(t->severity);
        thresholds.push_back(std::move(mark));
    }
    for (const twin::EntityDecl& e : file.entities)
        for (const twin::PropertyDecl& p : e.properties)
            if (p.type == twin::PropertyType::Number && p.min && p.max && *p.max > *p.min)
                ranges.push_back({{e.id, p.name}, *p.min, *p.max});
}

size_t numericPropertyCount(const twin::SceneFile& file) {
    size_t n = 0;
    for (const twin::EntityDecl& e : file.entities)
        for (const twin::PropertyDecl& p : e.properties) n += p.type == twin::PropertyType::Number ? 1 : 0;
    return n;
}

} // namespace

OperatorData::OperatorData(const twin::SceneFile& file, const Options& options) : m_file(file) {
    // Planning for the declared properties up front spares the rings a reshuffle when the first snapshot arrives.
    m_history.reserveKeys(std::max<size_t>(numericPropertyCount(file), 64));
    collectTrendMarks(file, m_thresholds, m_ranges);
    if (!file.kpis.empty()) {
        auto board = ops::KpiBoard::create(file);
        if (board)
            m_kpis = std::move(*board);
        else
            logError("%s (KPI tiles are off)", board.error().message.c_str());
    }
    if (!options.history.empty()) requestHistoryLoad(options.history);
}

OperatorData::~OperatorData() {
    if (m_loader.joinable()) m_loader.join();
}

void OperatorData::observe(const net::FeedDelta& delta) { m_history.record(delta); }

void OperatorData::update(const twin::TwinRuntime& runtime, uint64_t twinNowUs, double runtimeSeconds, bool atMoment) {
    finishLoadIfDone();
    if (atMoment) {
        // A fresh board per visit, so the tiles' sparklines do not mix two moments (the live one checked the
        // declarations already).
        if (!m_wasAtMoment && m_kpis) {
            auto board = ops::KpiBoard::create(m_file);
            if (board) m_momentKpis = std::move(*board);
        }
        if (m_momentKpis) m_momentKpis->update(runtime, twinNowUs);
    } else {
        if (m_kpis) m_kpis->update(runtime, twinNowUs);
        m_journal.update(runtime.alarms(), twinNowUs, runtimeSeconds);
        m_momentKpis.reset();
    }
    m_wasAtMoment = atMoment;
}

const ops::KpiBoard* OperatorData::kpis() const {
    if (m_wasAtMoment && m_momentKpis) return &*m_momentKpis;
    return m_kpis ? &*m_kpis : nullptr;
}

void OperatorData::requestHistoryLoad(const std::string& path) {
    std::lock_guard lock(m_loadMutex);
    if (m_load.running) {
        m_load.error = "a history load is already running (" + m_load.status + ")";
        return;
    }
    if (m_loader.joinable()) m_loader.join();
    m_load = {};
    m_load.running = true;
    m_load.status = "Reading " + path;
    m_loadDone = false;
    m_loader = std::thread([this, path] {
        auto store = std::make_unique<ops::HistoryStore>();
        std::string error, status;
        std::shared_ptr<const net::FeedRecording> recording;
        if (auto opened = net::FeedRecording::open(path))
            recording = std::make_shared<const net::FeedRecording>(std::move(*opened));
        else
            error = opened.error().message;
        if (recording) {
            auto loaded = ops::loadHistory(*recording, *store, {}, [this](double f) {
                std::lock_guard progressLock(m_loadMutex);
                m_load.fraction = f;
            });
            if (!loaded)
                error = loaded.error().message;
            else
                status = tv::format("Loaded %zu samples of %zu properties from %s", *loaded, store->seriesCount(),
                                    path.c_str());
        }
        std::lock_guard doneLock(m_loadMutex);
        m_load.running = false;
        m_load.fraction = 1.0;
        m_load.error = error;
        m_load.status = error.empty() ? status : "";
        if (error.empty()) {
            m_loading = std::move(store);
            m_loadingRecording = std::move(recording);
        }
        m_loadDone = true;
    });
}

void OperatorData::finishLoadIfDone() {
    if (!m_loadDone.exchange(false)) return;
    std::lock_guard lock(m_loadMutex);
    if (m_loader.joinable()) m_loader.join();
    if (!m_load.error.empty()) {
        logError("history: %s", m_load.error.c_str());
        return;
    }
    logInfo("history: %s", m_load.status.c_str());
    if (m_loading) m_archive = std::move(m_loading);
    m_loadedRecording = std::move(m_loadingRecording);
}

ui::HistoryLoadProgress OperatorData::historyLoad() const {
    std::lock_guard lock(m_loadMutex);
    return m_load;
}

} // namespace tv::app
