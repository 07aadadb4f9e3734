using System.Diagnostics;
using MnistPS.Imaging;
using Xunit.Abstractions;

namespace MnistPS.Tests;

/// <summary>The default network reads photographed digits nearly as well as MNIST's own.</summary>
[Trait("Category", "Slow")]
public class ImageAccuracyTests(DefaultNetwork trained, ITestOutputHelper output) : IClassFixture<DefaultNetwork>
{
    [Fact]
    public void Ten_thousand_ink_on_paper_photos_are_predicted_within_1_5_points_of_the_raw_digits()
    {
        var network = trained.Network;
        var test = TestData.Test;
        var raw = Evaluator.Evaluate(network, test);
        var clock = Stopwatch.StartNew();
        var photos = new MnistSample[test.Count];
        long bytes = 0;
        Parallel.For(0, test.Count, i =>
        {
            var jpeg = DigitPhotos.InkOnPaper(test.GetImage(i), seed: i);
            Interlocked.Add(ref bytes, jpeg.Length);
            photos[i] = DigitImage.Decode(jpeg, $"photo{i}.jpg", label: test.GetLabel(i));
        });
        var fromPhotos = Evaluator.Evaluate(network, MnistDataset.FromSamples(photos));
        output.WriteLine($"raw digits {raw.Accuracy:P2} ({raw.Correct}/{raw.Count}); ink-on-paper photos {fromPhotos.Accuracy:P2} ({fromPhotos.Correct}/{fromPhotos.Count}); "
            + $"{bytes / test.Count / 1024.0:F1} KB per JPEG; rendered and read in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(raw.Accuracy - fromPhotos.Accuracy <= 0.015, $"photos {fromPhotos.Accuracy:P2} against raw {raw.Accuracy:P2}");
    }
}
