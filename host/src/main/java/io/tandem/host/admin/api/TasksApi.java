package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.SessionRef;
import io.tandem.host.tasks.TaskOps;
import io.tandem.host.tasks.TaskRows;
import io.tandem.host.tasks.TaskService;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Recurrence;
import io.tandem.schema.time.ScheduleTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /admin/v1/tasks}: {@code GET ?group&session&all} lists tasks (live ones unless
 * {@code all}); {@code POST {session, prompt, at | cron}} schedules one (a time without an offset is
 * read in the session's zone); {@code POST /tasks/{id}/pause|resume|cancel|run-now} acts on the
 * live occurrence of a task or series id, in whichever session holds it.
 */
final class TasksApi implements SessionResource {
    private static final Map<String, TaskOps.Op> VERBS = Map.of("pause", TaskOps.Op.PAUSE, "resume",
            TaskOps.Op.RESUME, "cancel", TaskOps.Op.CANCEL, "run-now", TaskOps.Op.RUN_NOW);

    private final SessionLookup sessions;
    private final TaskService tasks;

    TasksApi(SessionLookup sessions, TaskService tasks) {
        this.sessions = sessions;
        this.tasks = tasks;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest r) {
        if (r.is("GET", 1)) {
            boolean all = "true".equals(r.query("all"));
            return sessions.many(r.query("group"), r.query("session"), all)
                    .thenCompose(list -> SessionLookup.sequence(list, s -> tasks.list(s, all)
                            .thenApply(ts -> ts.stream().map(t -> view(s, t)).toList())))
                    .thenApply(per -> ApiResponse.ok(per.stream().flatMap(List::stream).toList()));
        }
        if (r.is("POST", 1)) {
            return add(r.body());
        }
        if (r.is("POST", 3) && VERBS.containsKey(r.segment(2))) {
            return operate(r.segment(1), VERBS.get(r.segment(2)));
        }
        throw ApiException.noRoute(r);
    }

    private CompletableFuture<ApiResponse> add(JsonNode body) {
        Fields.only(body, "session", "prompt", "at", "cron");
        String session = Fields.required(body, "session");
        String prompt = Fields.required(body, "prompt");
        String at = Fields.text(body, "at");
        String cron = Fields.text(body, "cron");
        if ((at == null) == (cron == null)) {
            throw ApiException.badRequest("give exactly one of at (a time) or cron (a recurrence)");
        }
        String recurrence = cron == null ? null : valid(() -> Recurrence.parse(cron).expression());
        return sessions.one(session).thenCompose(s -> {
            Instant when = at == null ? null : valid(() -> ScheduleTime.parse(at, tasks.zoneOf(s)));
            String id = Ids.mint(Ids.TASK);
            return tasks.schedule(s, new TaskService.NewTask(id, prompt, when, recurrence))
                    .thenApply(t -> ApiResponse.created(view(s, t)));
        });
    }

    private CompletableFuture<ApiResponse> operate(String id, TaskOps.Op op) {
        return sessions.many(null, null, false).thenCompose(list -> find(list, 0, id)).thenCompose(found -> {
            SessionRef s = found.orElseThrow(() -> ApiException.notFound("task: no live task with task or series id "
                    + id));
            return tasks.operate(s, op, id, TaskOps.Changes.NONE).thenApply(t -> ApiResponse.ok(view(s,
                    t.orElseThrow(() -> ApiException.notFound("task: no live task with task or series id " + id)))));
        });
    }

    /** The first session (in order) with a live occurrence for {@code id}. */
    private CompletableFuture<Optional<SessionRef>> find(List<SessionRef> list, int i, String id) {
        if (i >= list.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        SessionRef s = list.get(i);
        return tasks.live(s, id).thenCompose(t -> t.isPresent() ? CompletableFuture.completedFuture(Optional.of(s))
                : find(list, i + 1, id));
    }

    private static <T> T valid(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static Map<String, Object> view(SessionRef s, TaskRows.Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("series_id", t.seriesId());
        m.put("session", s.sessionId());
        m.put("group", s.agentGroupId());
        m.put("status", t.status());
        m.put("next_run", t.processAfter());
        m.put("recurrence", t.recurrence());
        String prompt = null;
        try {
            prompt = Json.text(Json.parse(t.content()), "prompt");
        } catch (RuntimeException e) {
            prompt = null;
        }
        m.put("prompt", prompt);
        m.put("tries", t.tries());
        return m;
    }
}
