// Specialized sample: a ResNet-18 trained on Fashion-MNIST.
//   ResNet18                 classify the 1,000 embedded test images: accuracy, batch-1 latency, batch-64 throughput
//   ResNet18 IMAGE.png ...   top-1 class and confidence for each 28×28 grayscale PNG
//   ResNet18 --full          the 10,000-image test set (Debian package dataset-fashion-mnist)
return Specialized.Samples.ResNet18.SampleApp.Run(args, Console.Out, Console.Error);
