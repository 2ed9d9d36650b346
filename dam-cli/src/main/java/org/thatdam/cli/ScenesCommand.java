package org.thatdam.cli;

import java.util.List;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.scenes.SceneService.SceneNode;
import org.thatdam.model.Actor;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;
import org.thatdam.server.api.SceneView;
import org.thatdam.server.api.ScenesView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "scenes", description = {"A video's scenes (shots between cuts) with their beats and keyframes.",
        "--analyse finds them (again) first; otherwise they come from the background analysis (semantic.auto)."})
final class ScenesCommand extends DamCommand {

    @Parameters(paramLabel = "ID|PATH", description = "Asset id, or the path of one of its files.")
    String ref;

    @Option(names = "--analyse", description = "Analyse the video now (replacing its scenes) and wait for the result.")
    boolean analyse;

    @Option(names = "--json", description = "Print the API's answer: scenes with beats and keyframe URLs.")
    boolean json;

    @Override
    int run(Dam dam) throws Exception {
        long id = dam.assets().resolve(ref).asset().id();
        if (analyse) {
            long job = dam.scenes().analyse(id, Actor.commandLine());
            if (!JobWait.awaitDone(dam, job, err(), !json && ProgressLine.onTerminal(), "scene analysis of asset " + id)) {
                return 1;
            }
        }
        List<SceneNode> scenes = dam.scenes().tree(id);
        Map<Long, List<SceneText>> texts = dam.ocr().texts(id);
        if (json) {
            Output.json(out(), new ScenesView(id, scenes.stream().map(n -> SceneView.of(n, texts)).toList()));
            return 0;
        }
        if (scenes.isEmpty()) {
            out().println("asset " + id + " has no scenes yet (dam scenes " + id + " --analyse finds them)");
            return 0;
        }
        Output.table(out(), List.of("#", "start–end", "beats", "keyframe", "on-screen text"), scenes.stream().map(n -> {
            Scene s = n.scene();
            String keyframe = s.keyframe() == null ? "" : Units.clean(dam.scenes().keyframe(id, s.id()).toString());
            return List.of(Integer.toString(s.ordinal() + 1),
                    Units.duration(s.startSec()) + "–" + Units.duration(s.endSec()),
                    Integer.toString(n.beats().size()), keyframe, firstLine(n, texts));
        }).toList(), Output.columns());
        return 0;
    }

    /** The first line of text read on the scene's beats' keyframes, or "". */
    private static String firstLine(SceneNode n, Map<Long, List<SceneText>> texts) {
        return n.beats().stream().flatMap(b -> texts.getOrDefault(b.id(), List.of()).stream()).map(SceneText::text)
                .map(String::strip).filter(t -> !t.isEmpty()).findFirst().map(t -> t.lines().findFirst().orElse(""))
                .orElse("");
    }
}
