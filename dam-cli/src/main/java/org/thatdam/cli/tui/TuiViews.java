package org.thatdam.cli.tui;

/** The app's views, each made new on request. */
public final class TuiViews implements Ui.Views {

    public TuiViews(Ui ui) {
        // the views reach the app through the Ui each of their methods is given
    }

    @Override
    public View dashboard() {
        return new DashboardView();
    }

    @Override
    public View library() {
        return new LibraryView();
    }

    @Override
    public View search(String query) {
        return new SearchView(query);
    }

    @Override
    public View asset(long id) {
        return new AssetView(id);
    }

    @Override
    public View jobs() {
        return new JobsView();
    }

    @Override
    public View scan() {
        return new ScanView();
    }
}
