using ScottPlot;

namespace MnistPS.Plots;

/// <summary>Loss and accuracy per epoch, for training and validation, with the kept (best) epoch marked.</summary>
public static class TrainingCurves
{
    /// <summary>Two panels, loss and accuracy, of the epoch records of one training run.</summary>
    public static Multiplot Draw(IReadOnlyList<EpochResult> epochs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0)
        {
            throw new ArgumentException("There are no epoch records to draw. Pipe the records of Invoke-MnistTraining in.", nameof(epochs));
        }

        PlotFonts.UseInScottPlot();
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var kept = epochs.LastOrDefault(e => e.IsBest);
        var loss = Panel("Loss", "cross-entropy", x, epochs.Select(e => e.Loss), epochs.Select(e => e.ValidationLoss), kept, Alignment.UpperRight);
        var accuracy = Panel("Accuracy", "accuracy (%)", x, epochs.Select(e => 100 * e.Accuracy), epochs.Select(e => e.ValidationAccuracy * 100), kept, Alignment.LowerRight);
        var chart = PlotFile.SideBySide(loss, accuracy);
        if (title is not null)
        {
            loss.Title($"{title}: loss");
            accuracy.Title($"{title}: accuracy");
        }

        return chart;
    }

    private static Plot Panel(string name, string axis, double[] x, IEnumerable<double> training, IEnumerable<double?> validation, EpochResult? kept, Alignment legend)
    {
        var plot = new Plot();
        plot.Title(name);
        plot.XLabel("epoch");
        plot.YLabel(axis);
        var train = plot.Add.Scatter(x, training.ToArray(), Colors.C0);
        train.LegendText = "training";
        var checkedValues = validation.ToArray();
        if (checkedValues.All(v => v.HasValue))
        {
            var held = plot.Add.Scatter(x, checkedValues.Select(v => v!.Value).ToArray(), Colors.C1);
            held.LegendText = "validation";
        }

        if (kept is not null)
        {
            var line = plot.Add.VerticalLine(kept.Epoch, 1.5f, Colors.Gray, LinePattern.Dashed);
            line.LegendText = $"kept: epoch {kept.Epoch}";
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(x[0] - 0.5, x[^1] + 0.5);
        plot.ShowLegend(legend);
        return plot;
    }
}
