using System.Globalization;
using ScottPlot;

namespace MnistPS.Plots;

/// <summary>An evaluation as pictures: the confusion matrix as a heatmap with counts, and precision and recall per digit.</summary>
public static class ConfusionPlot
{
    private const int Digits = MnistSample.ClassCount;

    /// <summary>
    /// Two panels: the 10x10 confusion matrix (rows the actual digit, top to bottom; columns the predicted one), each cell
    /// coloured by log(1 + count) so that small confusions stay visible next to the diagonal, with its count written in
    /// it; and precision and recall per digit.
    /// </summary>
    public static Multiplot Draw(EvaluationResult evaluation, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        PlotFonts.UseInScottPlot();
        var matrix = Matrix(evaluation);
        var metrics = Metrics(evaluation);
        if (title is not null)
        {
            matrix.Title($"{title}: confusion matrix");
            metrics.Title($"{title}: precision and recall");
        }

        return PlotFile.SideBySide(matrix, metrics);
    }

    /// <summary>The heatmap's intensity of a count: log(1 + count), which orders cells by count.</summary>
    public static double Intensity(int count) => Math.Log(1 + count);

    private static Plot Matrix(EvaluationResult evaluation)
    {
        var plot = new Plot();
        plot.Title($"Confusion matrix ({evaluation.Accuracy:P2} of {evaluation.Count:N0})");
        plot.XLabel("predicted digit");
        plot.YLabel("actual digit");

        // Row r of the matrix is drawn at y = 9 - r, so that actual digit 0 is at the top as in a printed matrix.
        var intensities = new double[Digits, Digits];
        var most = 0;
        for (var actual = 0; actual < Digits; actual++)
        {
            for (var predicted = 0; predicted < Digits; predicted++)
            {
                intensities[actual, predicted] = Intensity(evaluation.GetCount(actual, predicted));
                most = Math.Max(most, evaluation.GetCount(actual, predicted));
            }
        }

        var heatmap = plot.Add.Heatmap(PlotFile.Enlarge(intensities, 16));
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.Extent = new CoordinateRect(-0.5, Digits - 0.5, -0.5, Digits - 0.5);
        var dark = Intensity(most) / 2;
        for (var actual = 0; actual < Digits; actual++)
        {
            for (var predicted = 0; predicted < Digits; predicted++)
            {
                var count = evaluation.GetCount(actual, predicted);
                var text = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), predicted, Digits - 1 - actual);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 11;
                text.LabelFontColor = Intensity(count) > dark ? Colors.White : Colors.Black;
            }
        }

        var ticks = Enumerable.Range(0, Digits).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(d => (double)d).ToArray(), ticks.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(d => (double)(Digits - 1 - d)).ToArray(), ticks.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimits(-0.5, Digits - 0.5, -0.5, Digits - 0.5);
        plot.HideGrid();
        return plot;
    }

    private static Plot Metrics(EvaluationResult evaluation)
    {
        var plot = new Plot();
        plot.Title("Precision and recall per digit");
        plot.XLabel("digit");
        plot.YLabel("%");
        var digits = evaluation.PerDigit.Select(m => (double)m.Digit).ToArray();
        var precision = plot.Add.Scatter(digits, evaluation.PerDigit.Select(m => 100 * m.Precision).ToArray(), Colors.C0);
        precision.LegendText = "precision";
        precision.MarkerSize = 8;
        var recall = plot.Add.Scatter(digits, evaluation.PerDigit.Select(m => 100 * m.Recall).ToArray(), Colors.C1);
        recall.LegendText = "recall";
        recall.MarkerSize = 8;
        recall.MarkerShape = MarkerShape.FilledSquare;
        var ticks = Enumerable.Range(0, Digits).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(d => (double)d).ToArray(), ticks.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }
}
