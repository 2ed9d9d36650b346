package org.thatdam.cli;

import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.scenes.SceneService.SceneNode;
import org.thatdam.model.Actor;
import org.thatdam.model.Scene;
import org.thatdam.server.api.SceneView;
import org.thatdam.server.api.ScenesView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        if (json) {
            var texts = dam.ocr().texts(id);
            Output.json(out(), new ScenesView(id, scenes.stream().map(n -> SceneView.of(n, texts)).toList()));
            return 0;
        }
        if (scenes.isEmpty()) {
            out().println("asset " + id + " has no scenes yet (dam scenes " + id + " --analyse finds them)");
            return 0;
        }
        Output.table(out(), List.of("#", "start–end", "beats", "keyframe"), scenes.stream().map(n -> {
            Scene s = n.scene();
            String keyframe = s.keyframe() == null ? "" : Output.clean(dam.scenes().keyframe(id, s.id()).toString());
            return List.of(Integer.toString(s.ordinal() + 1),
                    Output.duration(s.startSec()) + "–" + Output.duration(s.endSec()),
                    Integer.toString(n.beats().size()), keyframe);
        }).toList());
        return 0;
    }
}
